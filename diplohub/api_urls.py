"""The REST API v1: one router for every resource."""

from rest_framework.routers import DefaultRouter

app_name = "api"

router = DefaultRouter()

urlpatterns = router.urls
