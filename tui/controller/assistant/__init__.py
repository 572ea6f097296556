"""The assistant: requests in plain words (standing for the voice channel), carried out through the
same controller methods as the menus, with source "assistant".

    words.py          tidying, misspellings, numbers in words, units
    fuzzy.py          names of rooms, devices, profiles, stations, modes (rapidfuzz)
    engine.py         intents, the registry, a turn, replies, questions back (choice, confirm, PIN)
    slots.py          what a request says (where, more or less, how much, levels, on/off), one
                      reading for every group of intents; common.py what they share when acting
    conversation.py   the Assistant hung off the Controller; pending questions; request history
    intents_*.py      the intents, one module per area (climate, seats, lights, drive, body,
                      questions, app, settings, and the domains: profiles, media, home, services,
                      updates; those are skipped while the controller lacks the domain)
"""

from tui.controller.assistant.conversation import Assistant, Understanding
from tui.controller.assistant.engine import Reply

__all__ = ["Assistant", "Reply", "Understanding"]
