"""Software Update: what each component runs (and from which A/B slot), the update waiting for it
with its release notes, whether the car may install now, its history; install with a progress bar
and the time left, postpone a day, or schedule for tonight. The controller decides everything
(tui.controller.updates, the authority's update.install); this screen shows and dispatches."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import ProgressBar, Static

from tui.controller import CockpitError, restrictions
from tui.controller.updates.components import BY_ID
from tui.messages import ControllerChanged
from tui.screens.authorize import ask_then, decide, refused
from tui.screens.base import CockpitScreen
from tui.widgets.menu_list import MenuItem, MenuList

STEP_SECONDS = 0.1  # one committed step of the install per tick
STATE_WORDS = {"available": "available", "postponed": "postponed", "scheduled": "tonight"}
OUTCOME_WORDS = {"installed": "installed", "failed": "failed", "rolled_back": "rolled back", "factory": "factory"}


def time_left(seconds) -> str:
    if seconds is None:
        return ""
    seconds = max(0, int(round(seconds)))
    return f"about {seconds // 60} min {seconds % 60:02d} s left" if seconds >= 60 else f"about {seconds} s left"


class SoftwareUpdateScreen(CockpitScreen):
    CRUMBS = ("Software Update",)
    HELP = ("Each component's version, its waiting update and history. Enter or i installs when the car "
            "allows it, p postpones a day, n installs tonight, c checks again.")
    BINDINGS = [
        Binding("i", "install", "Install"),
        Binding("p", "postpone", "Postpone"),
        Binding("n", "tonight", "Tonight"),
        Binding("c", "check", "Check"),
    ]

    _timer = None
    _job_id: int | None = None  # the install this screen follows
    checking = False  # a signed check is running on a worker thread
    _reading = False  # a download step's read is running on a worker thread
    _status: list = []  # the components as refresh_components() last read them
    _verdict = None  # what the last signed check found (shown again when the driver comes back)

    def compose_body(self):
        yield Static(id="update-note")
        with Horizontal(id="update-cols"):
            yield MenuList(id="update-components")
            yield Static(id="update-detail")
        with Vertical(id="update-progress"):
            yield Static(id="update-phase")
            yield ProgressBar(total=100, show_eta=False, id="update-bar")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#update-components", MenuList).focus()

    def on_screen_resume(self) -> None:
        """On every visit (the first included): what the car knows, at once; an install under way
        (left running by an earlier visit, or when the app was closed) is followed again; the
        signed check runs again on a worker thread, after the first paint (its signatures share
        the interpreter with the UI thread)."""
        super().on_screen_resume()
        self.refresh_components()
        self.show_note(self._verdict)
        updates = self.controller.updates
        if updates.running() is not None and self._timer is None:
            self._job_id = updates.running().id
            self._run()
        self.call_after_refresh(self.start_check, demo=True, announce=False)

    def on_screen_suspend(self) -> None:
        """Away from the screen the install is not stepped from here (the app's tick goes on with it)."""
        self._stop_timer()

    # ------------------------------------------------------------------ the signed check, off the UI thread
    def start_check(self, demo: bool = False, announce: bool = True) -> None:
        """Check the signed metadata (and, the first time, make the demo's repository) on a worker
        thread: the screen says "Checking…" and keys work meanwhile. What the check found is kept
        by the controller back on this thread (the database's); leaving the screen meanwhile is
        safe: the result is still kept, and nothing on the screen is touched."""
        if self.checking:
            return
        try:
            plan = self.controller.updates.check_plan(demo=demo)
        except CockpitError as exc:
            self._warn(str(exc))
            return
        self.checking = True
        self.show_note()
        self.app.run_worker(self._check(plan, announce), group="update-check", exit_on_error=False)

    async def _check(self, plan, announce: bool) -> None:
        import asyncio

        from tui.controller.updates.trust import Verdict

        try:
            verdict = await asyncio.to_thread(plan.run)  # files and signatures only, no database
        except CockpitError as exc:
            verdict = Verdict(error=str(exc))
        except OSError as exc:
            verdict = Verdict(error=f"The update repository could not be read ({exc.strerror or exc}).")
        try:
            verdict = self.controller.updates.apply_check(verdict)  # back on the database's thread
        except CockpitError as exc:
            verdict = Verdict(error=str(exc))
        self.checking = False
        self.checked(verdict, announce)

    def checked(self, verdict, announce: bool) -> None:
        self._verdict = verdict
        if self.gone:  # left meanwhile: the controller kept the result, the screen says nothing now
            return
        if verdict.error:
            self._warn(verdict.error)
        if announce:
            for why in verdict.refused.values():
                self._warn(why)
        self.show_note(verdict)
        self.refresh_components()
        if announce and not verdict.error and not verdict.refused:
            count = len(self.controller.updates.available())
            self.app.notify(f"{count} update{'s' if count != 1 else ''} available." if count else "Up to date.",
                            timeout=2)

    def show_note(self, verdict=None) -> None:
        note = self.query_one("#update-note", Static)
        if self.checking:
            note.update("Checking the signed update metadata…")
        elif verdict is not None:
            note.update("The check failed: c tries again." if verdict.error else
                        f"Checked at {self.controller.time_text(self.controller.clock.now())}.")

    @on(ControllerChanged)
    def follow_car(self, message: ControllerChanged) -> None:
        if message.stale or message.frame:
            self.refresh_components()

    def apply_restrictions(self, force: bool = False) -> None:
        moved = self._restricted_for != self.controller.restrictions().moving
        super().apply_restrictions(force)
        if moved and self.is_mounted:
            self.show_detail()  # the release notes fit in 80 characters while moving

    # ------------------------------------------------------------------ rendering
    def refresh_components(self) -> None:
        menu = self.query_one("#update-components", MenuList)
        menu.max_items = self.controller.restrictions().max_items
        items = []
        self._status = self.controller.updates.status()  # kept until the next refresh (keys ask it often)
        for s in self._status:
            detail = s.version or ""
            if s.job is not None:
                detail += f" → {s.job.version}"
            items.append(MenuItem(s.component.id, s.name, detail))
        menu.set_items(items)
        self.show_detail()
        self.show_progress(self.controller.updates.progress())
        self.refresh_bindings()

    def current(self):
        option = self.query_one("#update-components", MenuList).highlighted_option
        if option is None or option.id is None:
            return None
        return next((s for s in self._status if s.component.id == option.id), None)

    def show_detail(self) -> None:
        s = self.current()
        panel = self.query_one("#update-detail", Static)
        if s is None:
            panel.update("")
            return
        out = Table.grid(padding=(0, 1))
        out.add_column()
        out.add_row(Text(s.name, style="bold"))
        spare = f"slot {'B' if s.active_slot == 'A' else 'A'}: {s.other_version or 'empty'}"
        out.add_row(Text(f"Installed {s.version} (slot {s.active_slot}) · {spare}"))
        job = s.job
        if job is not None:
            head = Text(f"Update {job.version}", style="bold")
            head.append(f"  [{STATE_WORDS.get(job.state, job.state)}]", style="reverse")
            out.add_row(head)
            notes = job.target.get("custom", {}).get("notes", "")
            if notes:  # while moving: at most 80 characters
                out.add_row(Text(restrictions.fit_text(notes, self.controller.restrictions()), style="italic"))
            if job.state in STATE_WORDS:
                checks = self.controller.updates.preconditions(s.component.id)
                bad = [c for c in checks if not c.ok]
                if bad:
                    for c in bad:
                        out.add_row(Text(f"✗ {c.text}", style="bold"))
                else:
                    out.add_row(Text(f"✓ Ready: parked, charged, about {s.component.install_minutes} min.", style="dim"))
        else:
            out.add_row(Text("Up to date.", style="dim"))
        history = self.controller.updates.history(s.component.id)[:4]
        if history:
            out.add_row(Text("History", style="bold"))
            for h in history:
                out.add_row(Text(f"{self.controller.date_text(h.at)}  {h.to_version}  {OUTCOME_WORDS.get(h.outcome, h.outcome)}", style="dim"))
        panel.update(out)

    def show_progress(self, progress) -> None:
        box = self.query_one("#update-progress", Vertical)
        box.display = progress is not None
        if progress is None:
            return
        name = BY_ID[progress.component].name if progress.component in BY_ID else progress.component
        words = f"{progress.phase} {name.lower()} {progress.version}: {progress.fraction:.0%}"
        left = time_left(progress.seconds_left)
        self.query_one("#update-phase", Static).update(words + (f", {left}" if left else ""))
        self.query_one("#update-bar", ProgressBar).update(progress=round(progress.fraction * 100))

    def on_option_list_option_highlighted(self, event) -> None:
        if event.option_list.id == "update-components":
            self.show_detail()
            self.refresh_bindings()

    def check_action(self, action: str, parameters) -> bool | None:
        if action in ("install", "postpone", "tonight"):
            s = self.current() if self.is_mounted else None
            if s is None or s.job is None:
                return False
            return s.job.state in STATE_WORDS and self._timer is None
        return True

    # ------------------------------------------------------------------ the driver's choices
    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        if event.menu.id == "update-components":
            self.action_install()

    def _warn(self, text: str) -> None:
        self.app.notify(text, severity="warning", timeout=4)

    def action_check(self) -> None:
        self.start_check()

    def action_install(self) -> None:
        s = self.current()
        if s is None or s.job is None or s.job.state not in STATE_WORDS or self._timer is not None:
            return
        decision = decide(self.app, "update.install")
        if decision is None or refused(self.app, decision):
            return
        bad = [c.text for c in self.controller.updates.preconditions(s.component.id) if not c.ok]
        if bad:
            self._warn("Not now: " + " ".join(bad))
            return
        ask_then(self.app, lambda pin: self._install(s.component.id, pin),
                 question=(f"Install {s.name} {s.job.version}? It takes about {s.component.install_minutes} min; "
                           "the car can't be driven meanwhile."),
                 yes="Install", pin_prompt=decision.reason if decision.pin else None)

    def _install(self, component_id: str, pin: str | None) -> None:
        try:
            self._job_id = self.controller.updates.install(component_id, pin=pin).job_id
        except CockpitError as exc:
            self._warn(str(exc))
            return
        self._run()

    def _run(self) -> None:
        self._timer = self.set_interval(STEP_SECONDS, self._advance)
        self.refresh_components()

    def _advance(self) -> None:
        """One step of the install; a download step's read (a file, or a web server) runs on a
        worker thread first, and the step is committed back here, on the database's thread."""
        if self._reading:
            return
        updates = self.controller.updates
        read = updates.fetch()
        if read is None:
            self._stepped(None)
            return
        self._reading = True
        self.run_worker(self._read_then_step(read), group="update-read", exit_on_error=False)

    async def _read_then_step(self, read) -> None:
        import asyncio

        try:
            fetched = await asyncio.to_thread(read)
        finally:
            self._reading = False
        if not self.gone:
            self._stepped(fetched)

    def _stepped(self, fetched) -> None:
        try:
            progress = self.controller.updates.step(fetched)
        except CockpitError as exc:
            progress = None
            self._warn(str(exc))
        if progress is not None and not progress.finished:
            self.show_progress(progress)
            return
        if progress is None and self._job_id is not None:  # the app's tick took the last step
            progress = self.controller.updates.job_progress(self._job_id)
        self._stop_timer()
        if progress is not None:
            if progress.state == "done":
                self.app.notify(progress.message, timeout=3)
            else:
                self._warn(progress.message)
        self.refresh_components()

    def _later(self, how: str) -> None:
        s = self.current()
        if s is None or s.job is None:
            return
        decision = decide(self.app, "update.install")
        if decision is None or refused(self.app, decision):
            return
        updates = self.controller.updates
        method = updates.postpone if how == "postpone" else updates.schedule_night

        def go(pin):
            try:
                when = method(s.component.id, pin=pin)
            except CockpitError as exc:
                self._warn(str(exc))
                return
            from tui.controller import units

            at = units.clock_text(when, self.controller.unit("TimeFormat"))
            self.app.notify(f"{s.name}: " + (f"postponed until tomorrow {at}." if how == "postpone" else
                                             f"installs tonight at {at} if the car allows it."), timeout=3)
            self.refresh_components()

        ask_then(self.app, go, pin_prompt=decision.reason if decision.pin else None)

    def action_postpone(self) -> None:
        self._later("postpone")

    def action_tonight(self) -> None:
        self._later("tonight")

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def on_unmount(self) -> None:
        self._stop_timer()
