"""One service for units, times and dates (tui/controller/units.py through the Controller): what a
driver reads is in the units, the 12/24-hour clock and the date format they chose, everywhere; what
they type is read in their unit unless they name another, lands on the car's step, and a refusal
speaks their unit. The demo car (a Jeep) shows °F, mph, miles, 12-hour time and US dates."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from tui.controller import units
from tui.controller.errors import InvalidValue

HMI = "Vehicle.Cabin.Infotainment.HMI."
DRIVER_T = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
CRUISE = "Vehicle.ADAS.CruiseControl.SpeedSet"
VALET_CAP = "Vehicle.Private.SmartCockpit.Valet.SpeedCap"
MOMENT = datetime(2027, 1, 5, 19, 0)


def metric(c):
    c.set_many({HMI + "TemperatureUnit": "C", HMI + "SpeedUnit": "KILOMETERS_PER_HOUR",
                HMI + "DistanceUnit": "KILOMETERS", HMI + "TimeFormat": "HR_24", HMI + "DateFormat": "YYYY_MM_DD"})
    return c


# ---------------------------------------------------------------------------- the service itself
@pytest.mark.parametrize("fmt, text", [
    ("YYYY_MM_DD", "2027-01-05"), ("DD_MM_YYYY", "05.01.2027"), ("MM_DD_YYYY", "01/05/2027"),
    ("YY_MM_DD", "27-01-05"), ("DD_MM_YY", "05.01.27"), ("MM_DD_YY", "01/05/27"),
])
def test_each_vss_date_format(controller, fmt, text):
    controller.set(HMI + "DateFormat", fmt)
    assert controller.date_text(MOMENT) == text
    assert controller.date_text(MOMENT.date()) == text
    assert controller.date_text("2027-01-05T19:00:00+00:00") == text
    assert units.date_text(date(2027, 1, 5), fmt) == text


def test_twelve_and_twenty_four_hours(controller):
    assert controller.time_text(MOMENT) == "7:00 PM"  # the demo car: 12-hour
    assert controller.hmi_units().hhmm_text("07:05") == "7:05 AM"
    controller.set(HMI + "TimeFormat", "HR_24")
    assert controller.time_text(MOMENT) == "19:00"
    assert controller.hmi_units().hhmm_text("07:05") == "07:05"


def test_a_car_without_the_settings_reads_metric_24h_iso():
    u = units.Units.of({})
    assert (u.temperature, u.speed, u.distance, u.time, u.date) == ("C", "KILOMETERS_PER_HOUR", "KILOMETERS",
                                                                   "HR_24", "YYYY_MM_DD")
    assert u.datetime_text(MOMENT) == "2027-01-05 19:00"


def test_the_old_names_still_work():
    assert units.temperature_text(22.0, "F") == "72 °F" and units.temperature_text(22.0, "C") == "22.0 °C"
    assert units.speed_text(100, "MILES_PER_HOUR") == "62 mph" and units.speed_text(100, "") == "100 km/h"
    assert units.distance_text(16093.44, "MILES") == "10 mi" and units.distance_text(5000, "") == "5 km"
    assert units.clock_text(MOMENT, "HR_12") == "7:00 PM" and units.gear_text(127) == "D"
    assert units.pressure_text(240, "PSI") == "35 psi" and units.pressure_text(240, "BAR") == "2.4 bar"


def test_a_huge_number_is_never_printed_with_hundreds_of_digits():
    assert units.temperature_text(1e300, "F") == "1.8e+300 °F"
    assert len(units.speed_text(1e300, "MILES_PER_HOUR")) < 20


# ---------------------------------------------------------------------------- reading what is typed
@pytest.mark.parametrize("typed, note", [
    ("72", "72 °F (this car shows °F)"),
    ("72F", ""), ("72 °F", ""), ("72°f", ""), ("72 fahrenheit", ""),
    ("22C", "22 °C = 72 °F (this car shows °F)"), ("22 °C", "22 °C = 72 °F (this car shows °F)"),
])
def test_a_fahrenheit_car_reads_a_bare_number_in_fahrenheit_and_a_suffix_as_said(controller, typed, note):
    assert controller.parse_text(DRIVER_T, typed) == (22.0, note)


@pytest.mark.parametrize("typed, note", [
    ("22", "22 °C (this car shows °C)"), ("22C", ""), ("22 °C", ""),
    ("72F", "72 °F = 22.0 °C (this car shows °C)"), ("72 °F", "72 °F = 22.0 °C (this car shows °C)"),
])
def test_a_celsius_car_reads_a_bare_number_in_celsius(controller, typed, note):
    metric(controller)
    assert controller.parse_text(DRIVER_T, typed) == (22.0, note)


def test_a_converted_value_lands_on_the_cars_step_and_reads_back_as_typed(controller):
    for f in range(60, 84):  # every whole °F in the Jeep's range comes back as typed
        controller.set_text(DRIVER_T, str(f))
        assert controller.get(DRIVER_T) * 2 == round(controller.get(DRIVER_T) * 2)  # on the 0.5 °C grid
        assert controller.format(DRIVER_T) == f"{f} °F"
    controller.set_text(DRIVER_T, "72")
    assert controller.get(DRIVER_T) == 22.0 and controller.format(DRIVER_T) == "72 °F"


def test_speeds_with_and_without_a_unit(controller):
    assert controller.parse_text(CRUISE, "60")[0] == 97.0  # mph car: 60 mph = 96.6 km/h, on the 1 km/h step
    assert controller.parse_text(CRUISE, "60mph") == (97.0, "")
    assert controller.parse_text(CRUISE, "100 km/h") == (100.0, "100 km/h = 62 mph (this car shows mph)")
    controller.set_text(VALET_CAP, "70")
    assert controller.get(VALET_CAP) == 113 and isinstance(controller.get(VALET_CAP), int)
    metric(controller)
    assert controller.parse_text(CRUISE, "100") == (100.0, "100 km/h (this car shows km/h)")
    assert controller.parse_text(CRUISE, "60mph") == (97.0, "60 mph = 97 km/h (this car shows km/h)")


@pytest.mark.parametrize("typed, words", [
    ("72X", "takes a number (with °C or °F if you like), not '72X'"),
    ("--", "takes a number"), ("nan", "not 'nan'"), ("inf", "not 'inf'"), ("1e400", "a finite number"),
    ("", "not ''"), ("   ", "not ''"), ("72 °", "not '72 °'"), ("7 2", "not '7 2'"), ("1_000", "not '1_000'"),
    ("22 km/h", "not '22 km/h'"),
])
def test_what_is_not_a_temperature_is_refused_and_nothing_changes(controller, typed, words):
    before = controller.get(DRIVER_T)
    with pytest.raises(InvalidValue, match="^Temperature \\(driver\\) ") as refused:
        controller.set_text(DRIVER_T, typed)
    assert words in str(refused.value)
    assert controller.get(DRIVER_T) == before


def test_range_and_step_refusals_speak_the_drivers_unit(controller):
    with pytest.raises(InvalidValue) as refused:
        controller.set_text(DRIVER_T, "95")
    assert str(refused.value) == "Temperature (driver) must be between 60 °F and 83 °F; 95 °F is out of range."
    with pytest.raises(InvalidValue, match="; 1e\\+300 °F is out of range"):
        controller.set_text(DRIVER_T, "1e300")
    with pytest.raises(InvalidValue, match="moves in steps of 0.9 °F"):
        controller.set(DRIVER_T, 22.3)  # a screen's raw value off the grid
    with pytest.raises(InvalidValue, match="between 0 mph and 112 mph; 124 mph is out of range"):
        controller.set_text(CRUISE, "200 km/h")
    metric(controller)
    with pytest.raises(InvalidValue) as refused:
        controller.set_text(DRIVER_T, "35")
    assert str(refused.value) == ("Temperature (driver) must be between 15.5 °C and 28.5 °C; "
                                  "35.0 °C is out of range.")
    with pytest.raises(InvalidValue, match="moves in steps of 0.5 °C"):
        controller.set_text(DRIVER_T, "22.3")  # in the car's own unit nothing is moved for you


def test_other_numbers_keep_their_own_unit(controller):
    volume = "Vehicle.Cabin.Infotainment.Media.Volume"
    assert controller.parse_text(volume, "40") == (40, "")
    with pytest.raises(InvalidValue, match="must be between 0 % and 100 %; 140 % is out of range"):
        controller.set_text(volume, "140")


# ---------------------------------------------------------------------------- where a driver reads it
def test_a_profile_switch_speaks_one_unit_for_a_value_and_its_range(controller):
    c = controller
    c.set_text(DRIVER_T, "83")  # the Jeep goes to 28.5 °C; the Driver profile keeps it
    c.add_vehicle("citroen-e-c4-2024")  # ends at 28 °C
    c.profiles.switch("Guest")
    c.set(HMI + "TemperatureUnit", "C")  # the car shows °C until the Driver's °F comes back with the profile
    _, preview = c.profiles.plan("Driver")
    report = c.profiles.switch("Driver")
    for r in (preview, report):
        item = next(i for i in r.items if i.path == DRIVER_T)
        assert (item.value, item.detail) == ("82 °F", "this car's range ends at 82 °F")
    assert c.hmi_units().temperature == "F"


def test_the_good_night_scene_answers_in_the_drivers_unit(controller):
    assert "Thermostat set to 64 °F." in controller.home.run_scene("Good night").done
    metric(controller)
    assert "Thermostat set to 18 °C." in controller.home.run_scene("Good night").done


def test_valet_top_speed_in_the_drivers_unit(controller):
    assert controller.profiles.speed_cap_text() == "70 mph"
    metric(controller)
    assert controller.profiles.speed_cap_text() == "113 km/h"


def test_routine_times_follow_the_clock_chosen(controller):
    c = controller
    r = c.routines.save("Evening", {"type": "time", "at": "19:00", "days": [0, 1, 2, 3, 4]},
                        [{"type": "time_window", "start": "17:00", "end": "23:30"}], [{"type": "notice", "text": "Hi"}])
    text = c.routines.describe(r)
    assert "7:00 PM on weekdays" in text and "between 5:00 PM and 11:30 PM" in text
    assert c.routines.when_text(c.clock.now().astimezone(timezone.utc).isoformat()) == "8:00 AM"
    assert c.routines.when_text("2026-11-20T18:00:00+00:00").startswith("11/20/2026 ")
    c.set(HMI + "TimeFormat", "HR_24")
    assert "it is 19:00 on weekdays" in c.routines.describe(c.routines.get("Evening"))


def test_trials_renewals_and_receipts_in_the_date_format_chosen(controller):
    c = controller
    c.services.start_trial("music")
    offer = next(o for o in c.services.catalog() if o.id == "music")
    assert offer.note.startswith("Free trial until 12/23/2026;")  # the demo car's US dates, not "23 Dec 2026"
    assert c.services.receipt_line(c.services.receipts()[0]).startswith("11/23/2026  Trial")
    assert "Renews on 12/23/2026 unless you cancel" in c.services.quote("traffic", "monthly").text
    c.set(HMI + "DateFormat", "DD_MM_YYYY")
    offer = next(o for o in c.services.catalog() if o.id == "music")
    assert offer.note.startswith("Free trial until 23.12.2026;")
    assert c.services.receipt_line(c.services.receipts()[0]).startswith("23.11.2026  Trial")


def test_profile_history_days_in_the_date_format_chosen(controller):
    c = controller
    c.set(DRIVER_T, 22.0)  # the audit row takes the wall clock's time, the "today" is the test clock's
    entry = c.profiles.history().entries[0]
    now = c.clock.now()
    at = datetime.fromisoformat(entry.at).astimezone(now.tzinfo)

    def day(us: str, eu: str) -> str:  # today, this year without the year, else the whole date
        return "Today" if at.date() == now.date() else f"{at:{us}}" if at.year == now.year else f"{at:{eu}}"

    assert entry.when == f"{day('%m/%d', '%m/%d/%Y')} {at:%I:%M %p}".replace(" 0", " ", 1).lstrip("0")
    c.set(HMI + "DateFormat", "DD_MM_YYYY")
    c.set(HMI + "TimeFormat", "HR_24")
    assert c.profiles.history().entries[2].when == f"{day('%d.%m', '%d.%m.%Y')} {at:%H:%M}"


def test_the_assistant_reads_and_answers_in_the_drivers_unit(controller):
    assert controller.assistant.ask("set the temperature to 22 degrees celsius").text == "Driver side set to 72 °F."
    assert controller.get(DRIVER_T) == 22.0


def test_seat_memory_says_when_it_was_saved_in_the_drivers_format(controller):
    c = controller
    c.seats.save_preset(1)
    saved_at = c.seats.presets()[1].saved_at
    row = next(r for r in c.seats.preset_controls() if r.id == "preset:1")
    assert row.value == f"saved {c.hmi_units().when_text(saved_at, c.clock.now())}"
    assert "T" not in row.value and row.value.endswith(("AM", "PM"))  # not "saved 2026-12-06 18:22"


def test_the_home_thermostat_reads_what_is_typed_in_the_drivers_unit(controller):
    c = controller
    assert c.home.do("thermostat", "temperature", "70", source="cli") == "Thermostat set to 70 °F."
    assert c.home.device("thermostat").attributes["temperature"] == 21.0  # the device keeps °C
    c.home.do("thermostat", "temperature", "20C", source="cli")
    assert c.home.device("thermostat").attributes["temperature"] == 20.0
    c.home.do("thermostat", "temperature", 22)  # a number from code (a routine, a step) is the device's °C
    assert c.home.device("thermostat").attributes["temperature"] == 22.0
    with pytest.raises(InvalidValue, match="^Thermostat goes from 45 °F to 86 °F.$"):
        c.home.do("thermostat", "temperature", "95", source="cli")
    for bad in ("nan", "70X", "1e400"):
        with pytest.raises(InvalidValue, match="a number"):
            c.home.do("thermostat", "temperature", bad, source="cli")
    metric(c)
    with pytest.raises(InvalidValue, match="^Thermostat goes from 7 °C to 30 °C.$"):
        c.home.do("thermostat", "temperature", "70", source="cli")


def test_a_length_to_one_decimal_in_the_drivers_unit(controller):
    assert controller.hmi_units().length_text(12345) == "7.7 mi"
    metric(controller)
    assert controller.hmi_units().length_text(12345) == "12.3 km"


def test_the_routine_builder_offers_time_windows_in_the_drivers_clock(controller):
    draft = controller.routines.draft()
    _, options = draft.options("add_c")
    assert ("evening", "In the evening (5:00 PM-11:00 PM)") in options
    controller.set(HMI + "TimeFormat", "HR_24")
    assert ("morning", "In the morning (06:00-10:00)") in controller.routines.draft().options("add_c")[1]
    draft.trigger = {"type": "time", "at": "19:00", "days": [0]}
    assert next(r for r in draft.rows() if r.id == "t.at").value == "19:00"
    controller.set(HMI + "TimeFormat", "HR_12")
    assert next(r for r in draft.rows() if r.id == "t.at").value == "7:00 PM"


def test_a_signal_kept_in_km_is_shown_in_the_drivers_unit(controller):
    """Distance to service is kept in km (VSS): 8,400 km reads 5,220 mi, not the 5 mi of a number
    taken for metres."""
    path = "Vehicle.Service.DistanceToService"
    controller.car_for_model("jeep-wagoneer-s-2024")
    if not controller.has(path):
        import pytest

        pytest.fail("the demo car has no distance to service")
    assert controller.format(path, 8400.0) in ("5220 mi", "5,220 mi")
    controller.set("Vehicle.Cabin.Infotainment.HMI.DistanceUnit", "KILOMETERS")
    assert controller.format(path, 8400.0) in ("8400 km", "8,400 km")
