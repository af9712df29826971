"""Routes of the public API v1 (DESIGN §6): these paths are a contract with other city systems."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from kyky.api import agreements, matching, me, references, reports, views

router = DefaultRouter()
router.register("subjects", views.SubjectViewSet, basename="subject")
router.register("levels", views.LevelViewSet, basename="level")
router.register("languages", views.LanguageViewSet, basename="language")
router.register("proposals", views.ProposalViewSet, basename="proposal")
router.register("needs", views.NeedViewSet, basename="need")
router.register("applications", agreements.ApplicationViewSet, basename="application")
router.register("pilots", agreements.PilotViewSet, basename="pilot")
router.register("agreements", agreements.AgreementViewSet, basename="agreement")
router.register("rounds", matching.RoundViewSet, basename="round")
router.register("suggestions", matching.SuggestionViewSet, basename="suggestion")
router.register("references", references.ReferenceViewSet, basename="reference")

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("auth/token/revoke/", views.TokenRevokeView.as_view(), name="api-token-revoke"),
    path("auth/logout/", views.LogoutView.as_view(), name="api-logout"),
    path("me/", me.MeView.as_view(), name="api-me"),
    path("me/tasks/", me.MeTasksView.as_view(), name="api-me-tasks"),
    path("agreements/verify/", agreements.AgreementVerifyUploadView.as_view(), name="api-agreement-verify-upload"),
    path("agreements/verify/<str:sha256>/", agreements.AgreementVerifyView.as_view(), name="api-agreement-verify"),
    path("reports/", reports.ReportView.as_view(), name="api-reports"),
    path("me/export/", me.MeExportView.as_view(), name="api-me-export"),
    path("needs/<str:id>/matches/", matching.NeedMatchesView.as_view(), name="api-need-matches"),
    path("proposals/<str:id>/matches/", matching.ProposalMatchesView.as_view(), name="api-proposal-matches"),
    path(
        "needs/<str:id>/matches/<str:proposal_id>/hide/",
        matching.NeedMatchHideView.as_view(),
        name="api-need-match-hide",
    ),
    path(
        "proposals/<str:id>/matches/<str:need_id>/hide/",
        matching.ProposalMatchHideView.as_view(),
        name="api-proposal-match-hide",
    ),
    path("", include(router.urls)),
]
