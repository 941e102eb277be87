from django.urls import path

from corrections import views

app_name = "corrections"

urlpatterns = [
    path("corrections/thanks/", views.thanks, name="thanks"),
    path("corrections/<str:token>/", views.status, name="status"),
]
