"""Top-level routes: pages, the admin, the API v1 and its OpenAPI description."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from frontend.verification import verify, verify_upload

# A database error raised in a middleware (e.g. saving the session) answers 503, like one in a view.
handler500 = "kyky.middleware.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("kyky.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI: its script is served as a file (the split view), but its layout uses inline styles.
    path(
        "api/docs/",
        csp_update({"style-src": [UNSAFE_INLINE]})(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="api-docs",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("verify/", verify_upload, name="agreement-verify-upload"),
    path("verify/<str:code>/", verify, name="agreement-verify"),
    path("", include("frontend.urls")),
]

handler400 = "kyky.views.bad_request"
