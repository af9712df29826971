"""Page paths. They are linked from e-mails, so they stay stable."""

from django.urls import path

from frontend import (
    agreements,
    applications,
    coordinator,
    drafts,
    me,
    moderation,
    offers,
    oidc,
    privacy,
    references,
    reports,
    rounds,
    views,
)

urlpatterns = [
    path("", views.LandingView.as_view(), name="landing"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("accounts/reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("oidc/authenticate/", oidc.AuthenticateView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", oidc.CallbackView.as_view(), name="oidc_authentication_callback"),
    path("oidc/refused/", oidc.refused, name="oidc-refused"),
    path("i18n/setlang-keep/", drafts.language_switch, name="language-switch"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("feedback/", views.feedback, name="feedback"),
    path("proposals/<int:pk>/interest/", views.express_interest, name="proposal-interest"),
    path("needs/<int:pk>/apply/", views.apply_to_need, name="need-apply"),
    path("applications/", applications.application_list, name="application-list"),
    path("applications/<int:pk>/", applications.application_detail, name="application-detail"),
    path("agreements/", agreements.agreement_list, name="agreement-list"),
    path("agreements/<int:pk>/", agreements.agreement_detail, name="agreement-detail"),
    path("agreements/<int:pk>/edit/", agreements.agreement_edit, name="agreement-edit"),
    path("agreements/<int:pk>/pdf/", agreements.agreement_pdf, name="agreement-pdf"),
    path("agreements/<int:pk>/submit/", agreements.agreement_submit, name="agreement-submit"),
    path("agreements/<int:pk>/remind/", agreements.agreement_remind, name="agreement-remind"),
    path("agreements/<int:pk>/approve/", agreements.agreement_review, {"action": "approve"}, name="agreement-approve"),
    path("agreements/<int:pk>/return/", agreements.agreement_review, {"action": "return"}, name="agreement-return"),
    path("agreements/<int:pk>/sign/", agreements.agreement_sign, name="agreement-sign"),
    path("agreements/<int:pk>/cancel/", agreements.agreement_cancel, name="agreement-cancel"),
    path("pilots/<int:pk>/", agreements.pilot_detail, name="pilot-detail"),
    path("suggestions/<int:pk>/apply/", applications.suggestion_apply, name="suggestion-apply"),
    path("offers/<int:pk>/", offers.offer_detail, name="offer-detail"),
    path("offers/<int:pk>/accept/", offers.offer_answer, {"action": "accept"}, name="offer-accept"),
    path("offers/<int:pk>/decline/", offers.offer_answer, {"action": "decline"}, name="offer-decline"),
    path("settings/", me.settings_page, name="settings"),
    path("tasks/badge/", me.task_badge, name="task-badge"),
    path("settings/calendar/", me.calendar_rotate, name="calendar-rotate"),
    path("calendar/<str:secret>.ics", me.calendar_feed, name="calendar-feed"),
    path("settings/data/", privacy.data_settings, name="settings-data"),
    path("settings/data/export/", privacy.data_export, name="settings-data-export"),
    path("settings/data/delete/", privacy.data_delete, name="settings-data-delete"),
    path("references/", references.reference_list, name="reference-list"),
    path("references/<str:code>/", references.reference_detail, name="reference-detail"),
    path("references/<str:code>/badge.svg", references.reference_badge, name="reference-badge"),
    path("references/<str:code>/withdraw/", references.reference_withdraw, name="reference-withdraw"),
    path("coordinator/", coordinator.dashboard, name="coordinator"),
    path("coordinator/reports/", reports.reports, name="coordinator-reports"),
    path("coordinator/rounds/", coordinator.round_create, name="round-create"),
    path("coordinator/rounds/<int:pk>/", rounds.round_detail, name="round-detail"),
]

for action in ("accept", "decline", "withdraw"):
    urlpatterns.append(
        path(
            f"applications/<int:pk>/{action}/",
            applications.application_answer,
            {"action": action},
            name=f"application-{action}",
        )
    )

for action in ("start", "feedback", "complete"):
    urlpatterns.append(
        path(f"pilots/<int:pk>/{action}/", agreements.pilot_action, {"action": action}, name=f"pilot-{action}")
    )

for action in ("remove", "confirm", "cancel"):
    urlpatterns.append(
        path(f"coordinator/rounds/<int:pk>/{action}/", rounds.round_action, {"action": action}, name=f"round-{action}")
    )

for kind in (views.PROPOSALS, views.NEEDS):
    prefix, name, k = f"{kind.name}s/", kind.name, {"kind": kind}
    urlpatterns += [
        path(prefix, views.object_list, k, name=f"{name}-list"),
        path(f"{prefix}new/", views.object_create, k, name=f"{name}-create"),
        path(f"{prefix}<int:pk>/", views.object_detail, k, name=f"{name}-detail"),
        path(f"{prefix}<int:pk>/edit/", views.object_update, k, name=f"{name}-update"),
        path(f"{prefix}<int:pk>/delete/", views.object_delete, k, name=f"{name}-delete"),
        path(f"{prefix}<int:pk>/publish/", views.object_transition, {**k, "action": "publish"}, name=f"{name}-publish"),
        path(f"{prefix}<int:pk>/close/", views.object_transition, {**k, "action": "close"}, name=f"{name}-close"),
        path(f"{prefix}<int:pk>/matches/<int:other>/hide/", views.match_hide, k, name=f"{name}-match-hide"),
    ]
urlpatterns += [
    path("proposals/<int:pk>/reopen/", views.object_transition, {"kind": views.PROPOSALS, "action": "reopen"},
         name="proposal-reopen"),
    path("proposals/<int:pk>/close-here/", moderation.close_here, name="proposal-close-here"),
    path("proposals/<int:pk>/request-changes/", moderation.request_changes, name="proposal-request-changes"),
    path("proposals/<int:pk>/withdraw-request/", moderation.withdraw_request, name="proposal-withdraw-request"),
]  # fmt: skip
