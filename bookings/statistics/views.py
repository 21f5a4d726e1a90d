# Placeholder until the statistics package lands: the worker pages still live in
# bookings.views.followup.
from bookings.views.followup import stats, stats_csv  # noqa: F401
