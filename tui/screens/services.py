"""Services: the catalog for this car and profile, plans in the car's currency, trials, buying (asks
first, PIN where the profile has one), cancelling (the prorated refund is shown first), renewal on or
off, receipts, and the way to the partner settlement (operator PIN)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from tui.controller import CockpitError
from tui.messages import ControllerChanged
from tui.screens.authorize import authorize, decide, refused
from tui.screens.base import CockpitScreen
from tui.screens.dialogs import ChoiceScreen, ConfirmScreen
from tui.widgets.menu_list import MenuItem, MenuList

STATUS = {"available": "", "built_in": "built in", "trial": "trial", "active": "active", "lifetime": "lifetime"}


def open_for_feature(app, feature: str) -> None:
    """The one key from a gated feature (hands-free, hotspot, live traffic, remote home, streaming):
    the Services screen with the service that provides it highlighted."""
    from tui.controller import menus

    reason = menus.unavailable_reason(app.controller, menus.menu("services"))
    if reason:  # shopping waits until the car is parked
        app.notify(reason, severity="warning", timeout=2)
        return
    service = app.controller.services.service_for_feature(feature)
    app.push_screen(ServicesScreen(focus=service))


class ServicesScreen(CockpitScreen):
    SETUP = True  # shopping waits until the car is parked, also when it starts moving here
    CRUMBS = ("Services",)
    HELP = ("Connected services for this car: Enter or b buys a plan (asks first), t starts a free trial, c cancels "
            "with a prorated refund, r turns renewal on or off, a chooses what happens after a trial, e shows "
            "receipts, o opens the partner settlement (operator PIN), f the fleet and its rollouts (operator PIN).")
    BINDINGS = [
        Binding("b", "buy", "Buy"),
        Binding("t", "trial", "Trial"),
        Binding("c", "cancel", "Cancel"),
        Binding("r", "renew", "Renewal", show=False),
        Binding("a", "keep", "After trial", show=False),
        Binding("e", "receipts", "Receipts"),
        Binding("o", "settlement", "Settlement", show=False),
        Binding("f", "fleet", "Fleet", show=False),
    ]

    def __init__(self, focus: str | None = None) -> None:
        super().__init__()
        self.focus_id = focus

    def compose_body(self):
        with Horizontal(id="services-cols"):
            yield MenuList(id="offers")
            yield Static(id="offer-detail")

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_offers()
        menu = self.query_one("#offers", MenuList)
        if self.focus_id:
            try:
                menu.highlighted = menu.get_option_index(self.focus_id)
            except Exception:
                pass
        menu.focus()
        self.show_detail()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.refresh_offers()

    @on(ControllerChanged)
    def offers_follow(self, message: ControllerChanged) -> None:
        self.refresh_offers()

    # ------------------------------------------------------------------ rendering
    def refresh_offers(self) -> None:
        menu = self.query_one("#offers", MenuList)
        self._current = None
        menu.max_items = self.controller.restrictions().max_items
        items = []
        for o in self.controller.services.catalog():
            status = STATUS[o.status]
            detail = status if status else o.short_price
            items.append(MenuItem(o.id, o.name, detail))
        menu.set_items(items)
        self.show_detail()
        self.refresh_bindings()

    # The highlighted offer, kept until the list is rebuilt: every footer key asks for it
    # (check_action), and each ask would otherwise read the catalog again.
    _current: tuple | None = None

    def current(self):
        option = self.query_one("#offers", MenuList).highlighted_option
        if option is None or option.id is None:
            return None
        if self._current is not None and self._current[0] == option.id:
            return self._current[1]
        try:
            offer = self.controller.services.offer(option.id)
        except CockpitError:
            offer = None
        self._current = (option.id, offer)
        return offer

    def show_detail(self) -> None:
        o = self.current()
        panel = self.query_one("#offer-detail", Static)
        if o is None:
            panel.update("")
            return
        out = Table.grid(padding=(0, 1))
        out.add_column()
        head = Text(o.name, style="bold")
        if STATUS[o.status]:
            head.append(f"  [{STATUS[o.status]}]", style="bold reverse")
        out.add_row(head)
        out.add_row(Text(o.summary))
        if o.note:
            out.add_row(Text(o.note, style="italic"))
        if o.status == "trial":
            out.add_row(Text("a: choose what happens after the trial.", style="dim"))
        if o.status != "built_in":
            plans = Table.grid(padding=(0, 2))
            for plan in o.prices:
                plans.add_row(plan.title(), o.price_text(plan))
            if o.trial_days and not o.trial_used and o.status == "available":
                plans.add_row("Trial", f"{o.trial_days} days free, never renews unasked")
            out.add_row(plans)
            out.add_row(Text("Lifetime: " + o.transfer_text, style="dim"))
            out.add_row(Text("Cancel any time: unused days are refunded.", style="dim"))
        panel.update(out)

    def on_option_list_option_highlighted(self, event) -> None:
        if event.option_list.id == "offers":
            self.show_detail()
            self.refresh_bindings()

    def check_action(self, action: str, parameters) -> bool | None:
        o = self.current() if self.is_mounted else None
        if action == "trial":
            return o is not None and o.status == "available" and bool(o.trial_days) and not o.trial_used
        if action == "cancel":
            return o is not None and o.status in ("trial", "active", "lifetime")
        if action == "buy":
            return o is not None and o.status in ("available", "trial", "active")
        if action in ("renew",):
            return o is not None and o.status == "active"
        if action == "keep":
            return o is not None and o.status == "trial"
        return True

    # ------------------------------------------------------------------ flows
    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        if event.menu.id == "offers":
            self.action_buy()

    def _notify_error(self, exc: Exception) -> None:
        self.app.notify(str(exc), severity="warning", timeout=3)

    def action_buy(self) -> None:
        o = self.current()
        if o is None:
            return
        c = self.controller
        if o.status == "built_in":
            self.app.notify(f"{o.name} is built into this car: there is nothing to buy.", timeout=3)
            return
        if o.status == "lifetime":
            self.app.notify(f"You own {o.name} for life.", timeout=2)
            return
        decision = decide(self.app, "services.buy")  # refused (rights, moving, valet) before a plan is chosen
        if decision is None or refused(self.app, decision):
            return
        current = o.purchase.plan if o.purchase is not None else None
        items = [MenuItem(plan, plan.title(), o.price_text(plan), "your plan" if plan == current else None)
                 for plan in o.prices]
        self.app.push_screen(ChoiceScreen(f"{o.name}: which plan?", items), lambda plan: self._quote(o, plan))

    def _quote(self, o, plan: str | None) -> None:
        if not plan:
            return
        try:
            quote = self.controller.services.quote(o.id, plan)
        except CockpitError as exc:
            self._notify_error(exc)
            return
        authorize(self.app, "services.buy", lambda pin: self._buy(o, plan, pin), question=quote.text + "\n\nBuy it?",
                  yes="Buy", pin_prompt=f"PIN to buy {o.name}")

    def _buy(self, o, plan: str, pin: str | None) -> None:
        try:
            receipt = self.controller.services.buy(o.id, plan, pin=pin)
        except CockpitError as exc:
            self._notify_error(exc)
            return
        from tui.controller.ledger import money_text

        self.app.notify(f"{o.name} is yours: {money_text(receipt.amount, receipt.currency)} charged.", timeout=3)
        self.refresh_offers()

    def action_trial(self) -> None:
        o = self.current()
        if o is None:
            return
        authorize(self.app, "services.trial", lambda _pin: self._trial(o),
                  question=f"Start the free {o.name} trial? It ends by itself; nothing is charged unless you choose "
                           "a plan.", yes="Start")

    def _trial(self, o) -> None:
        try:
            p = self.controller.services.start_trial(o.id)
        except CockpitError as exc:
            self._notify_error(exc)
            return
        self.app.notify(f"{o.name}: free until {self.controller.date_text(p.period_end)}. It ends by itself.",
                        timeout=3)
        self.refresh_offers()

    def action_cancel(self) -> None:
        o = self.current()
        if o is None:
            return
        try:
            quote = self.controller.services.cancel_quote(o.id)
        except CockpitError as exc:
            self._notify_error(exc)
            return
        self.app.push_screen(ConfirmScreen(quote.text, yes="Cancel it", no="Keep it"),
                             lambda yes: self._cancel(o, yes))

    def _cancel(self, o, yes: bool | None) -> None:
        if not yes:
            return
        try:
            quote = self.controller.services.cancel(o.id)
        except CockpitError as exc:
            self._notify_error(exc)
            return
        from tui.controller.ledger import money_text

        self.app.notify(f"{o.name} cancelled. Refund {money_text(quote.refund, quote.currency)}.", timeout=3)
        self.refresh_offers()

    def action_renew(self) -> None:
        o = self.current()
        if o is None or o.purchase is None:
            return
        on = not o.purchase.auto_renew
        try:
            self.controller.services.set_auto_renew(o.id, on)
        except CockpitError as exc:
            self._notify_error(exc)
            return
        self.app.notify(f"{o.name}: renewal {'on' if on else 'off'}.", timeout=2)
        self.refresh_offers()

    def action_keep(self) -> None:
        o = self.current()
        if o is None or o.status != "trial":
            return
        items = [MenuItem("none", "No, let it end", "nothing is charged")]
        items += [MenuItem(plan, f"Yes, then {plan}", o.price_text(plan)) for plan in o.prices]
        self.app.push_screen(ChoiceScreen(f"After the {o.name} trial?", items), lambda plan: self._keep(o, plan))

    def _keep(self, o, plan: str | None) -> None:
        if plan is None:
            return
        chosen = None if plan == "none" else plan
        if chosen:
            authorize(self.app, "services.buy", lambda pin: self._keep_with(o, chosen, pin),
                      question=f"Continue {o.name} with the {chosen} plan after the trial?", yes="Continue",
                      pin_prompt=f"PIN to continue {o.name}")
        else:
            self._keep_with(o, chosen, None)

    def _keep_with(self, o, plan, pin) -> None:
        try:
            self.controller.services.keep_after_trial(o.id, plan, pin=pin)
        except CockpitError as exc:
            self._notify_error(exc)
            return
        self.app.notify("The trial will end by itself." if plan is None else f"After the trial: {plan}.", timeout=2)
        self.refresh_offers()

    def action_receipts(self) -> None:
        self.app.push_screen(ReceiptsScreen())

    def action_settlement(self) -> None:
        from tui.screens.settlement import open_settlement

        open_settlement(self.app)

    def action_fleet(self) -> None:
        from tui.screens.fleet import open_fleet

        open_fleet(self.app)


class ReceiptsScreen(CockpitScreen):
    SETUP = True  # shopping waits until the car is parked, also when it starts moving here
    CRUMBS = ("Services", "Receipts")
    HELP = "Every charge, renewal, refund and trial of the profile at the wheel, newest first."

    def compose_body(self):
        yield MenuList(id="receipts")

    def on_mount(self) -> None:
        super().on_mount()
        c = self.controller
        menu = self.query_one(MenuList)
        menu.max_items = c.restrictions().max_items
        receipts = list(reversed(c.services.receipts()))
        items = [MenuItem(str(r.id), c.services.receipt_line(r), r.note) for r in receipts]
        menu.set_items(items or [MenuItem("-", "No receipts yet", "")])
        menu.focus()

    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        item = event.menu.item(event.item_id)
        if item is not None and item.detail:
            self.app.notify(item.detail, timeout=3)
