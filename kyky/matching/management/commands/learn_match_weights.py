"""manage.py learn_match_weights: learn each municipality's score weights from its "not a fit" answers."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from kyky.matching.learning import learn_weights
from kyky.matching.tuning import MIN_HIDDEN


class Command(BaseCommand):
    help = (
        'Learn each municipality\'s matching weights from its "not a fit" answers and applications '
        "(scheduled daily; idempotent). Municipalities with too few answers keep the default weights."
    )

    def handle(self, *args, **options):
        for outcome in learn_weights():
            if outcome.fit is None:
                self.stdout.write(
                    f"{outcome.municipality}: {outcome.hidden_pairs} hidden pairs, {outcome.comparisons} comparisons "
                    f"(at least {MIN_HIDDEN} of each are needed): default weights"
                )
                continue
            w = outcome.fit.weights
            self.stdout.write(
                f"{outcome.municipality}: text {w.text:.3f}, subjects {w.subjects:.3f}, levels {w.levels:.3f}, "
                f"time {w.time:.3f}, purpose mismatch {w.purpose_mismatch:.3f} from {outcome.hidden_pairs} hidden "
                f"pairs and {outcome.comparisons} comparisons; preferred pair ranked higher in "
                f"{outcome.fit.agreement_before:.0%} of them before, {outcome.fit.agreement_after:.0%} now"
            )
