"""The fleet operator's releases (Services > f > e): every release with its rules; a new one made on
a form whose rules are picked from the catalog (brands, models, platforms, electrical
architectures, the components' minimum installed versions and the releases it depends on; only
the version, the notes and a file's path are typed), checked as it is filled (the controller's
sentence: a downgrade, an unknown name, a version that is not one), then stored and signed into the
image repository in one step (Fleet.add_release, the same method as `fleet release add`). A release
opens its rollout: groups by percentage or one group per brand picked.

The screen shows and dispatches; every rule is the controller's (tui.controller.fleet)."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from tui.controller import CockpitError
from tui.screens.base import CockpitScreen
from tui.screens.dialogs import ChoiceScreen, KeySafeModal, PromptScreen
from tui.widgets.menu_list import MenuItem, MenuList

LIST_RULES = (("brands", "Brands", "every brand"), ("models", "Models", "every model"),
              ("platforms", "Platforms", "every platform"), ("architectures", "E/E architectures",
                                                            "every architecture"))
PRESETS = {
    "default": ("1, 10, 50, 100 %", "the next group starts at 90 % installed", {}),
    "approval": ("1, 10, 50, 100 %, approval", "pauses for your approval before each next group",
                 {"approval": True}),
    "quick": ("10, 100 %", "two groups", {"percentages": [10, 100]}),
    "brands": ("One group per brand", "the brands you pick, in turn, then every other car", None),
    "models": ("One group per model", "the models you pick, in turn, then every other car", None),
    "regions": ("One group per region", "the regions you pick, in turn, then every other car", None),
}
GROUP_BY = {"brands": "A group for each brand, in this order", "models": "A group for each model, in this order",
            "regions": "A group for each region, in this order"}
DONE = "-done"


def rules_text(rules: dict) -> str:
    from tui.controller.fleet.versions import label

    return "; ".join(f"{k.replace('_', ' ')} " + (", ".join(v) if isinstance(v, list) else
                                                  ", ".join(f"{label(c)} {x}" for c, x in v.items()))
                     for k, v in rules.items())


class PickManyScreen(KeySafeModal):
    """Tick any number of names from a list (Enter or Space ticks the highlighted one, 1-9 jump);
    the first row, or d, answers the ticked ids in the list's order; Escape cancels (None)."""

    BINDINGS = [Binding("escape,backspace", "cancel", "Cancel", show=True),
                Binding("d", "done", "Done", show=True),
                *[Binding(str(n), f"jump({n})", show=False) for n in range(1, 10)]]

    def __init__(self, question: str, choices, chosen=()) -> None:
        super().__init__(classes="dialog")
        self.question = question
        self.choices = list(choices)
        self.chosen = set(chosen)

    def compose(self):
        with Vertical(classes="dialog-box choice-box"):
            yield Static(self.question, classes="dialog-question")
            yield MenuList(self.rows(), id="choices")

    def rows(self) -> list[MenuItem]:
        done = MenuItem(DONE, "Done", f"{len(self.chosen)} ticked" if self.chosen else "none ticked: every one")
        return [done] + [MenuItem(c.id, ("☑ " if c.id in self.chosen else "☐ ") + c.name) for c in self.choices]

    def on_mount(self) -> None:
        self.query_one(MenuList).focus()

    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        event.stop()
        if event.item_id == DONE:
            self.action_done()
            return
        self.chosen ^= {event.item_id}
        self.query_one(MenuList).set_items(self.rows())

    def action_jump(self, number: int) -> None:
        self.query_one(MenuList).jump(number)

    def action_done(self) -> None:
        self.finish([c.id for c in self.choices if c.id in self.chosen])

    def action_cancel(self) -> None:
        self.finish(None)


def plan_rollout(screen, fleet, pin, release_id: int, planned=None) -> None:
    """Groups for a rollout of this release (a preset of percentages, or one group per brand,
    model or region picked), then the rollout is planned; planned(rollout) runs after."""
    presets = [MenuItem(k, title, detail) for k, (title, detail, _) in PRESETS.items()]
    app = screen.app

    def create(**how):
        def go():
            r = fleet.create_rollout(int(release_id), pin=pin, **how)
            if planned is not None:
                planned(r)
            return f"Rollout {r.id} planned: s starts it."

        screen.attempt(go)

    def picked(kind, ids):
        if not ids:
            return
        names = {c.id: c.name for c in fleet.rule_choices().of(kind)}
        create(group_filters=[{"name": names[i], "filter": {kind: [i]}} for i in ids], percentages=[100])

    def chosen_preset(key):
        if key is None:
            return
        if key in GROUP_BY:
            app.push_screen(PickManyScreen(GROUP_BY[key], fleet.rule_choices().of(key)),
                            lambda ids: picked(key, ids))
            return
        create(**PRESETS[key][2])

    app.push_screen(ChoiceScreen("Groups", presets), chosen_preset)


class ReleasesScreen(CockpitScreen):
    SETUP = True
    CRUMBS = ("Services", "Fleet", "Releases")
    HELP = ("Every release with the cars it is for. n adds a release on a form (component, version, notes, its "
            "file, its rules picked from the catalog), signed into the update repository; p signs the highlighted "
            "release (one stored unsigned); Enter on a release plans its rollout.")
    BINDINGS = [Binding("n", "add", "New release"), Binding("p", "publish", "Sign")]

    def __init__(self, fleet, pin: str | None) -> None:
        super().__init__()
        self.fleet = fleet
        self.pin = pin

    def compose_body(self):
        yield MenuList(id="releases")

    def action_publish(self) -> None:
        """Sign the highlighted release into the update repository (one stored unsigned, as one
        added from the command line without --repository)."""
        option = self.query_one(MenuList).highlighted_option
        if option is None or not str(option.id).isdigit():
            return
        folder = self.fleet.repository()
        if folder is None:
            self.app.notify("No update repository to sign into: `smartcockpit update keys init` makes one.",
                            severity="warning", timeout=4)
            return
        self.attempt(lambda: self.fleet.publish_release(int(option.id), folder, pin=self.pin),
                     lambda done: f"Signed {done['path']} into the image repository.", refused_for=5)

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_releases()
        self.query_one(MenuList).focus()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.refresh_releases()

    def refresh_releases(self) -> None:
        from tui.controller.fleet.versions import label

        items = [MenuItem(str(r.id), f"{label(r.component)} {r.version}", rules_text(r.rules) or "every car")
                 for r in reversed(self.fleet.releases())]
        self.query_one(MenuList).set_items(items or [MenuItem("-", "No releases yet", "n adds one")])

    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        if event.item_id.isdigit():
            plan_rollout(self, self.fleet, self.pin, int(event.item_id), lambda r: self.app.pop_screen())
        else:
            self.action_add()

    def action_add(self) -> None:
        self.app.push_screen(NewReleaseScreen(self.fleet, self.pin))


class NewReleaseScreen(CockpitScreen):
    """The form of a new release: Enter on a row changes it (a picker, or a prompt for the version,
    the notes and a file's path), x clears it, s releases and signs."""

    SETUP = True
    CRUMBS = ("Services", "Fleet", "Releases", "New")
    HELP = ("A new release. Enter on a row changes it: the component, brands, models, platforms and E/E "
            "architectures are picked from the catalog (none ticked: every one), minimum installed versions "
            "and dependencies per component; the version and notes are typed. x clears a row. s stores the "
            "release and signs it into the update repository.")
    BINDINGS = [Binding("s", "release", "Release"), Binding("x", "clear", "Clear")]

    def __init__(self, fleet, pin: str | None) -> None:
        super().__init__()
        self.fleet = fleet
        self.pin = pin
        self.choices = fleet.rule_choices()
        self.component = "head_unit"
        self.version = ""
        self.notes = ""
        self.image = ""  # a path; empty: the demo builder
        self.rules: dict = {"min_installed": {}, "requires": {}}

    def compose_body(self):
        yield MenuList(id="release-form")
        yield Static(id="release-verdict")

    def on_mount(self) -> None:
        super().on_mount()
        self.show()
        self.query_one(MenuList).focus()

    # ------------------------------------------------------------------ what shows
    def names(self, key: str, ids) -> str:
        found = {c.id: c.name for c in self.choices.of(key)}
        return ", ".join(found.get(i, i) for i in ids)

    def versions_text(self, key: str) -> str:
        from tui.controller.fleet.versions import label

        return ", ".join(f"{label(c)} {v}" for c, v in self.rules[key].items())

    def rows(self) -> list[MenuItem]:
        from tui.controller.fleet.versions import label

        folder = self.fleet.repository()
        rows = [MenuItem("component", "Component", label(self.component)),
                MenuItem("version", "Version", self.version or "type it (as 6.0.0)"),
                MenuItem("notes", "Notes", (self.notes[:40] + "…" if len(self.notes) > 40 else self.notes) or "none"),
                MenuItem("image", "File", self.image or "built by the demo builder")]
        rows += [MenuItem(key, title, self.names(key, self.rules.get(key, [])) or every)
                 for key, title, every in LIST_RULES]
        rows += [MenuItem("min_installed", "Minimum installed", self.versions_text("min_installed") or "none"),
                 MenuItem("requires", "Depends on", self.versions_text("requires") or "none"),
                 MenuItem("release", "Release and sign", f"into {folder}" if folder else
                          "no update repository: stored unsigned")]
        return rows

    def wanted_rules(self) -> dict:
        return {k: v for k, v in self.rules.items() if v}

    def show(self) -> None:
        self.query_one(MenuList).set_items(self.rows())
        verdict = self.query_one("#release-verdict", Static)
        if not self.version:
            verdict.update(Text("Type the version first (Enter on Version).", style="dim"))
            return
        try:
            self.fleet.check_release(self.component, self.version, self.notes, self.wanted_rules())
        except CockpitError as exc:
            verdict.update(Text(f"✗ {exc}", style="bold"))
            return
        verdict.update(Text("✓ Ready: s releases it.", style="dim"))

    # ------------------------------------------------------------------ changing a row
    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        event.stop()
        key = event.item_id
        if key == "release":
            self.action_release()
        elif key == "component":
            items = [MenuItem(c.id, c.name) for c in self.choices.components]
            self.app.push_screen(ChoiceScreen("Which component?", items), self._set("component"))
        elif key in ("version", "notes", "image"):
            prompts = {"version": ("Version (numbers with dots)", 20, "As 6.0.0: newer than what is out."),
                       "notes": ("Release notes", 2000, "What the driver reads before installing."),
                       "image": ("The release's file (a path)", 1000, "Empty: the demo builder makes it.")}
            title, most, note = prompts[key]
            self.app.push_screen(PromptScreen(title, getattr(self, key), note=note, max_length=most),
                                 self._set(key))
        elif key in dict((k, k) for k, _t, _e in LIST_RULES):
            choices = self.choices.of(key)
            if key == "models" and self.rules.get("brands"):
                choices = [c for c in choices if c.detail in self.rules["brands"]]
            self.app.push_screen(PickManyScreen(f"{key.capitalize()} this release is for", choices,
                                                self.rules.get(key, [])), self._set_rule(key))
        elif key in ("min_installed", "requires"):
            self.pick_version_rule(key)

    def _set(self, attr: str):
        def done(value):
            if value is None:
                return
            setattr(self, attr, str(value).strip())
            self.show()

        return done

    def _set_rule(self, key: str):
        def done(ids):
            if ids is None:
                return
            self.rules[key] = list(ids)
            self.show()

        return done

    def pick_version_rule(self, key: str) -> None:
        """A component, then its version: typed for a minimum installed, picked from that
        component's releases for a dependency (empty, or 'none': the rule goes)."""
        from tui.controller.fleet.versions import label

        have = self.rules[key]
        items = [MenuItem(c.id, c.name, have.get(c.id, "")) for c in self.choices.components]
        what = "must run already" if key == "min_installed" else "it needs first"

        def component(comp):
            if comp is None:
                return
            if key == "min_installed":
                self.app.push_screen(PromptScreen(f"{label(comp).capitalize()}: at least which version?",
                                                  have.get(comp, ""), note="Empty removes the rule.", max_length=20),
                                     lambda v: self._set_version(key, comp, v))
                return
            out = [r for r in self.fleet.releases() if r.component == comp]
            if not out:
                self.app.notify(f"No {label(comp)} release yet to depend on: add one first.", severity="warning",
                                timeout=3)
                return
            picks = [MenuItem("-none", "None", "no dependency")] + [MenuItem(r.version, f"{label(comp)} {r.version}",
                                                                       rules_text(r.rules) or "every car")
                                                              for r in reversed(out)]
            self.app.push_screen(ChoiceScreen(f"{label(comp).capitalize()} at least", picks),
                                 lambda v: self._set_version(key, comp, v))

        self.app.push_screen(ChoiceScreen(f"Which component {what}?", items), component)

    def _set_version(self, key: str, comp: str, version) -> None:
        if version is None:
            return
        version = str(version).strip()
        if version and version != "-none":
            self.rules[key][comp] = version
        else:
            self.rules[key].pop(comp, None)
        self.show()

    def action_clear(self) -> None:
        option = self.query_one(MenuList).highlighted_option
        key = option.id if option is not None else None
        if key in self.rules:
            self.rules[key] = {} if key in ("min_installed", "requires") else []
        elif key in ("notes", "image", "version"):
            setattr(self, key, "")
        self.show()

    # ------------------------------------------------------------------ releasing
    def action_release(self) -> None:
        folder = self.fleet.repository()

        def go():
            r = self.fleet.add_release(self.component, self.version, self.notes, self.wanted_rules(), pin=self.pin,
                                       folder=folder, image=self.image or None)
            self.app.pop_screen()
            return f"Release {r.id}: {r.version}" + (" signed into the image repository." if folder else
                                                     " stored; no update repository to sign it into.")

        self.attempt(go, refused_for=5)


__all__ = ["ReleasesScreen", "NewReleaseScreen", "PickManyScreen", "plan_rollout", "rules_text"]
