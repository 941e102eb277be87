"""Pages that span apps: home, search, compare, timeline."""

from django.urls import path

from diplohub import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
]
