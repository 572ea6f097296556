"""The fleet operator's half of software updates (issue 20): a simulated fleet in SQLite, releases
with compatibility rules, and rollouts with Eclipse hawkBit's semantics.

- versions.py: the components and how versions compare
- generate.py: the simulated fleet (N cars over the catalog's brands, models, regions, versions)
- compat.py: a release's rules, dependency chains, downgrades refused
- planning.py: a rollout's cars and groups (stable, uniform hash of car and rollout)
- rollouts.py: start, thresholds, pause, resume, cancel, retry, status reports in batches
- progress.py: progress and failure rate per group, brand and model
- simulate.py: the simulated cars' answers (failure rates per brand/model, seeded)
- delivery.py: the seam to the cars (assignments out, status reports in)
- fleet.py: Fleet, the operator's entry point (asks the authority: the operator PIN)
"""

from tui.controller.fleet.fleet import Fleet

__all__ = ["Fleet"]
