"""Top-level routes: pages, the admin, the API v1 and its OpenAPI description."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from frontend.verification import verify, verify_upload

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("kyky.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("verify/", verify_upload, name="agreement-verify-upload"),
    path("verify/<str:code>/", verify, name="agreement-verify"),
    path("", include("frontend.urls")),
]

handler400 = "kyky.views.bad_request"
