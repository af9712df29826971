"""Page paths. They are linked from e-mails, so they stay stable."""

from django.urls import path

from frontend import views

urlpatterns = [
    path("", views.LandingView.as_view(), name="landing"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("feedback/", views.feedback, name="feedback"),
]

for kind in (views.PROPOSALS, views.NEEDS):
    prefix, name, k = f"{kind.name}s/", kind.name, {"kind": kind}
    urlpatterns += [
        path(prefix, views.object_list, k, name=f"{name}-list"),
        path(f"{prefix}new/", views.object_create, k, name=f"{name}-create"),
        path(f"{prefix}<int:pk>/", views.object_detail, k, name=f"{name}-detail"),
        path(f"{prefix}<int:pk>/edit/", views.object_update, k, name=f"{name}-update"),
        path(f"{prefix}<int:pk>/publish/", views.object_transition, {**k, "action": "publish"}, name=f"{name}-publish"),
        path(f"{prefix}<int:pk>/close/", views.object_transition, {**k, "action": "close"}, name=f"{name}-close"),
    ]
