app_name = "countries"

urlpatterns: list = []
