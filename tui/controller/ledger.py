"""The money between the companies, in exact decimal arithmetic.

Three kinds of account: the driver ("driver:<profile id>"), the software provider ("provider")
and each automaker ("automaker:<brand id>"). Every movement is one ledger row from a payer to a
payee, so the accounts always sum to zero per currency: money never appears or vanishes.

- sale / renewal: the driver pays the provider for a service; refund: the provider pays back.
- access_fee: the automaker pays the provider per connected vehicle per month (brand rate).
- incentive: the provider pays the automaker for each sign-up made in the car (brand rate).

The marketplace's calendar is the controller's clock, plus the months an operator simulated.
"""

from __future__ import annotations

import calendar
import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from tui.controller.errors import InvalidValue, NotAllowed

CENT = Decimal("0.01")
PROVIDER = "provider"
SIM_MONTHS_KEY = "marketplace.simulated_months"
CLOSED_KEY = "ledger.closed_through"
PIN_KEY = "ledger.operator_pin"
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
KINDS = ("sale", "renewal", "refund", "access_fee", "incentive")
MAX_SIMULATED_MONTHS = 36


# ---------------------------------------------------------------------------- money and calendar
def money(value) -> Decimal:
    """An amount rounded to the cent (half up, as a till does). Refuses what is not a number."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InvalidValue(f"{value!r} is not an amount of money.") from None
    if not amount.is_finite():
        raise InvalidValue(f"{value!r} is not an amount of money.")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def money_text(amount, currency: str) -> str:
    amount = money(amount)
    sign = "-" if amount < 0 else ""
    symbol = SYMBOLS.get(currency)
    body = f"{abs(amount):,.2f}"
    return f"{sign}{symbol}{body}" if symbol else f"{sign}{body} {currency}"


def add_months(when: datetime, months: int, anchor_day: int | None = None) -> datetime:
    """The same day `months` later, kept on the anchor day where the month has it (31 Jan -> 28 or
    29 Feb -> 31 Mar; 29 Feb -> 28 Feb in a common year -> 29 Feb again in a leap year)."""
    day = anchor_day or when.day
    index = when.month - 1 + months
    year, month = when.year + index // 12, index % 12 + 1
    return when.replace(year=year, month=month, day=min(day, calendar.monthrange(year, month)[1]))


def month_of(when: datetime) -> str:
    return f"{when.year:04d}-{when.month:02d}"


def next_month(month: str) -> str:
    y, m = int(month[:4]), int(month[5:7])
    return f"{y + m // 12:04d}-{m % 12 + 1:02d}"


def previous_month(month: str) -> str:
    y, m = int(month[:4]), int(month[5:7])
    return f"{y - 1:04d}-12" if m == 1 else f"{y:04d}-{m - 1:02d}"


def check_month(text: str) -> str:
    try:
        parsed = datetime.strptime(str(text).strip(), "%Y-%m")
    except ValueError:
        raise InvalidValue(f"{text!r} is not a month; write it as YYYY-MM, e.g. 2026-11.") from None
    return month_of(parsed)


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


# ---------------------------------------------------------------------------- settlement
@dataclass
class BrandSettlement:
    brand_id: str
    brand: str
    currency: str
    vehicles: int = 0
    fees: Decimal = Decimal("0.00")
    signups: int = 0
    incentives: Decimal = Decimal("0.00")
    sales: Decimal = Decimal("0.00")
    refunds: Decimal = Decimal("0.00")
    open: bool = False  # the month is not over: fees are what they will be if nothing changes

    @property
    def label(self) -> str:
        """The row's name as people read it: a brand, or "Total in EUR" (one total per currency)."""
        return f"Total in {self.currency}" if self.brand == "Total" and not self.brand_id else self.brand

    @property
    def net(self) -> Decimal:
        """What the automaker receives minus what it pays (negative: it pays the provider)."""
        return self.incentives - self.fees

    def row(self, month: str) -> dict:
        return {
            "month": month, "brand": self.brand, "currency": self.currency, "vehicles_with_access": self.vehicles,
            "access_fees": str(self.fees), "signups": self.signups, "incentives": str(self.incentives),
            "net_to_automaker": str(self.net), "driver_sales": str(self.sales), "refunds": str(self.refunds),
            "status": "open" if self.open else "closed",
        }


@dataclass
class Settlement:
    month: str
    lines: list[BrandSettlement] = field(default_factory=list)
    open: bool = False

    def totals(self) -> dict[str, BrandSettlement]:
        """Per currency (amounts in different currencies are never added together)."""
        out: dict[str, BrandSettlement] = {}
        for line in self.lines:
            t = out.setdefault(line.currency, BrandSettlement("", "Total", line.currency, open=line.open))
            t.vehicles += line.vehicles
            t.fees += line.fees
            t.signups += line.signups
            t.incentives += line.incentives
            t.sales += line.sales
            t.refunds += line.refunds
        return out


class Ledger:
    def __init__(self, controller):
        self.c = controller
        self._fleet_size = -1
        controller.subscribe(self._on_event)

    def _on_event(self, event) -> None:
        from tui.controller.events import ContextChanged

        if isinstance(event, ContextChanged):  # a car added or chosen joins the fleet that month
            self._sync_fleet(self.current_month())

    def started(self) -> None:
        """Join the cars to the fleet and post the fees of months that ended while closed."""
        self.tick()

    # ------------------------------------------------------------------ the marketplace calendar
    def now(self) -> datetime:
        """The controller's clock plus the months an operator simulated (calendar months, so the
        31st stays the 31st where the month has one)."""
        months = self.c.store.settings.get(SIM_MONTHS_KEY, 0) or 0
        now = self.c.clock.now()
        return add_months(now, months) if months else now

    def simulated_months(self) -> int:
        return self.c.store.settings.get(SIM_MONTHS_KEY, 0) or 0

    def what_if(self, months: int = 1):
        """What `months` more months would bring (renewals, trial ends, access fees), computed on an
        in-memory copy: nothing real changes (the operator's "Simulate month", `ledger simulate`)."""
        from tui.controller.ledger_whatif import what_if

        return what_if(self.c, months)

    def simulate_months(self, months: int = 1) -> str:
        """Run the marketplace calendar ahead FOR REAL, month by month: renewals, trial ends and access
        fees happen as they would have. Returns the month it is now. For tests and benchmarks (and the
        what-if's copy); the operator's screen and CLI use `what_if`, which changes nothing."""
        from tui.controller.ledger_whatif import check_months

        check_months(months)
        for _ in range(months):
            with self.c.store.write():
                self.c.store.settings.set(SIM_MONTHS_KEY, self.simulated_months() + 1)
            services = getattr(self.c, "services", None)
            if services is not None:
                services.tick()
            self.tick()
        return month_of(self.now())

    # ------------------------------------------------------------------ posting
    def post(self, kind: str, payer: str, payee: str, amount, currency: str, brand_id: str, at: datetime,
             **refs) -> int:
        """One movement. The caller holds the write transaction."""
        if kind not in KINDS:
            raise InvalidValue(f"Unknown ledger entry kind {kind!r}.")
        amount = money(amount)
        if amount <= 0:
            raise InvalidValue("A ledger entry moves a positive amount.")
        if payer == payee:
            raise InvalidValue("A ledger entry moves money between two different accounts.")
        return self.c.store.ledger.add(at=at.isoformat(), month=month_of(at), kind=kind, payer=payer, payee=payee,
                                       amount=str(amount), currency=currency, brand_id=brand_id, **refs)

    # ------------------------------------------------------------------ time-driven: access fees
    def tick(self) -> None:
        now = self.now()
        current = month_of(now)
        self._sync_fleet(current)
        closed = self.c.store.settings.get(CLOSED_KEY)
        if closed is None:
            with self.c.store.write():
                self.c.store.settings.set(CLOSED_KEY, previous_month(current))
            return
        while closed < previous_month(current):
            month = next_month(closed)
            self._close_month(month)
            closed = month

    def _sync_fleet(self, month: str) -> None:
        vehicles = self.c.store.vehicles.list()
        if len(vehicles) == self._fleet_size:
            return
        known = {f.vin for f in self.c.store.ledger.fleet()}
        new = [v for v in vehicles if v.vin not in known]
        if new:
            with self.c.store.write():
                for v in new:
                    model = self.c.store.catalog.model(v.model_id)
                    self.c.store.ledger.join_fleet(v.vin, model.brand_id, month)
        self._fleet_size = len(vehicles)

    def _connected(self, vin: str) -> bool:
        value = self.c.store.state.get(vin, "Vehicle.Connectivity.IsConnectivityAvailable")
        return value is not False

    def _close_month(self, month: str) -> None:
        """Post each connected car's access fee for a month that is over, once."""
        y, m = int(month[:4]), int(month[5:7])
        last_day = calendar.monthrange(y, m)[1]
        at = self.now().replace(year=y, month=m, day=last_day, hour=23, minute=59, second=59, microsecond=0)
        brands = {b.id: b for b in self.c.store.catalog.brands()}
        with self.c.store.write():
            for car in self.c.store.ledger.fleet():
                if car.first_month > month or not self._connected(car.vin) or self.c.store.ledger.has_fee(car.vin, month):
                    continue
                brand = brands[car.brand_id]
                self.post("access_fee", f"automaker:{brand.id}", PROVIDER, brand.rates["access_fee_per_vehicle_month"],
                          brand.currency, brand.id, at, vin=car.vin, note=f"Software access {month}")
            self.c.store.settings.set(CLOSED_KEY, month)

    # ------------------------------------------------------------------ reading
    def current_month(self) -> str:
        return month_of(self.now())

    def months(self) -> list[str]:
        """Months with movements, and the current one."""
        months = set(self.c.store.ledger.months())
        months.add(self.current_month())
        return sorted(months)

    def entries(self, month: str | None = None):
        return self.c.store.ledger.entries(month=check_month(month) if month else None)

    def balances(self) -> dict[tuple[str, str], Decimal]:
        """(account, currency) -> what it received minus what it paid, exact to the cent."""
        return {key: Decimal(cents).scaleb(-2) for key, cents in self.c.store.ledger.balances_cents().items()}

    def settlement(self, month: str | None = None) -> Settlement:
        month = check_month(month) if month else self.current_month()
        self._sync_fleet(self.current_month())
        is_open = month >= self.current_month()
        brands = {b.id: b for b in self.c.store.catalog.brands()}
        lines: dict[str, BrandSettlement] = {}

        def line(brand_id: str) -> BrandSettlement:
            if brand_id not in lines:
                b = brands[brand_id]
                lines[brand_id] = BrandSettlement(brand_id, b.name, b.currency, open=is_open)
            return lines[brand_id]

        for e in self.c.store.ledger.entries(month=month):
            ln = line(e.brand_id)
            amount = Decimal(e.amount)
            if e.kind == "access_fee":
                ln.vehicles += 1
                ln.fees += amount
            elif e.kind == "incentive":
                ln.signups += 1
                ln.incentives += amount
            elif e.kind in ("sale", "renewal"):
                ln.sales += amount
            elif e.kind == "refund":
                ln.refunds += amount
        if is_open:
            for car in self.c.store.ledger.fleet():
                if car.first_month <= month and self._connected(car.vin):
                    ln = line(car.brand_id)
                    ln.vehicles += 1
                    ln.fees += money(brands[car.brand_id].rates["access_fee_per_vehicle_month"])
        ordered = sorted(lines.values(), key=lambda s: s.brand)
        return Settlement(month, ordered, is_open)

    def csv(self, month: str | None = None) -> str:
        s = self.settlement(month)
        out = io.StringIO()
        columns = ["month", "brand", "currency", "vehicles_with_access", "access_fees", "signups", "incentives",
                   "net_to_automaker", "driver_sales", "refunds", "status"]
        writer = csv.DictWriter(out, columns, lineterminator="\n")
        writer.writeheader()
        for ln in s.lines:
            writer.writerow(ln.row(s.month))
        for t in s.totals().values():
            writer.writerow(t.row(s.month))
        return out.getvalue()

    def export_csv(self, month: str | None = None, folder=None) -> str:
        """Write the month's settlement beside the database; returns the file path."""
        from pathlib import Path

        s_month = check_month(month) if month else self.current_month()
        folder = Path(folder) if folder else Path(self.c.store.path).parent
        from store import StoreError
        from store.files import write_text_atomic

        path = folder / f"settlement-{s_month}.csv"
        try:
            write_text_atomic(path, self.csv(s_month))
        except StoreError as exc:
            raise NotAllowed(f"{exc} The settlement was not written.") from None
        return str(path)

    # ------------------------------------------------------------------ the operator PIN
    def has_operator_pin(self) -> bool:
        return self.c.store.settings.get(PIN_KEY) is not None

    def set_operator_pin(self, new_pin: str, owner_pin: str | None = None, source: str = "ui") -> None:
        """Set or change the operator PIN: the car's owner decides (the owner's PIN when set)."""
        from tui.controller.security import check_pin_format, hash_pin

        check_pin_format(new_pin)
        self.c.authority.require("ledger.set_pin", pin=owner_pin, source=source)
        digest, salt = hash_pin(new_pin)
        with self.c.store.write():
            self.c.store.settings.set(PIN_KEY, {"hash": digest, "salt": salt})
            self.c.store.pins.clear("operator")

    def verify_operator(self, pin) -> None:
        """Pass silently when right; raise NotAllowed when wrong, locked out, or none is set."""
        record = self.c.store.settings.get(PIN_KEY)
        if record is None:
            raise NotAllowed("No operator PIN is set yet: the car's owner sets one first.")
        self.c.security.check_pin("operator", pin, (record["hash"], record["salt"]), "the operator PIN")

    def open_for_operator(self, pin: str | None, source: str = "ui") -> None:
        """The settlement is shown to the operator only: valet, parked, a PIN set by the owner, and
        the operator PIN (a missing one is asked for, never counted as a try)."""
        self.c.authority.require("ledger.read", pin=pin, source=source)
