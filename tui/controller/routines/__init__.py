"""Routines (``controller.routines``): for now engine.py holds all of it, moved unchanged from
tui/controller/routines.py. Every name is importable from here, as it was from that module."""

from __future__ import annotations

from tui.controller.routines.engine import (ACTION_DEFAULTS, CABIN, CAR_PATHS, CHARGE, CONDITION_CHOICES, DAY_NAMES,
                                            DAY_PRESETS, DEMO_ROUTINES, DEVICE_STATES, IGNITION, IGNITION_ON,
                                            MAX_NAME, NOTICES, OUTSIDE, QUESTION_SCREEN, READING_NAMES, READINGS,
                                            SPEED, TRIGGER_CHOICES, DryRun, EditorRow, Question, QuestionAsked,
                                            QuestionClosed, Routine, RoutineDraft, RoutineRan, Routines,
                                            RoutinesChanged, days_text, describe_action, describe_condition,
                                            describe_trigger, hhmm, is_dark, mm_text, replace_fired, seconds_text,
                                            sun_times)

__all__ = ["Routines", "Routine", "Question", "QuestionAsked", "QuestionClosed", "RoutinesChanged", "RoutineRan",
           "DryRun", "describe_trigger", "describe_condition", "describe_action"]
