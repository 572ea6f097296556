"""Routines: when something happens (a trigger), if all is right (conditions), do things (actions).

- `vocabulary`: the readings a routine watches, weekdays and their presets, `Routine` (as stored).
- `describe`: a routine in words (times, days, durations, values; triggers, conditions, actions).
- `sun`: sunrise and sunset, and whether it is dark at a place (the "after dark" condition).
- `questions`: `Question`, the `QuestionAsked` / `QuestionClosed` events, the questions waiting.
- `checks`: why a routine cannot work, checked before it is saved.
- `conditions`: whether a routine may run now, or why not.
- `actions`: what an action does now, the question before it, what it would do (a dry run).
- `demo`: the demo routines, seeded once into a database.
- `engine`: `Routines` (``controller.routines``): keeping, reacting to triggers, running, logging.
- `editor`: `RoutineDraft`, the editor's form model (a routine built from menus).

Everything is importable from here, as it was when the routines were one module.
"""

from __future__ import annotations

from tui.controller.routines.demo import DEMO_ROUTINES, seed_demo_routines
from tui.controller.routines.describe import (days_text, describe_action, describe_condition, describe_trigger,
                                              hhmm, mm_text, seconds_text)
from tui.controller.routines.editor import (ACTION_DEFAULTS, CAR_PATHS, CONDITION_CHOICES, DEVICE_STATES, NOTICES,
                                            TRIGGER_CHOICES, EditorRow, RoutineDraft)
from tui.controller.routines.engine import DryRun, RoutineRan, Routines, RoutinesChanged, replace_fired
from tui.controller.routines.questions import Question, QuestionAsked, QuestionClosed
from tui.controller.routines.sun import is_dark, sun_times
from tui.controller.routines.vocabulary import (CABIN, CHARGE, DAY_NAMES, DAY_PRESETS, IGNITION, IGNITION_ON,
                                                MAX_NAME, OUTSIDE, READING_NAMES, READINGS, SPEED, Routine)

__all__ = ["Routines", "Routine", "Question", "QuestionAsked", "QuestionClosed", "RoutinesChanged", "RoutineRan",
           "DryRun", "describe_trigger", "describe_condition", "describe_action"]
