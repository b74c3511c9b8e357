"""Out-of-range numbers and months in addresses and forms get a 4xx (or are
ignored), never a 500: year 0 and 9999 months, a page of 1e20, ids past what
the database stores, a schedule in year 1 or 9999."""

from __future__ import annotations

import pytest
from flask import Flask

from bot.app import services_of
from tests.bot.web.staff.conftest import SignedIn, post

VALUES = ["0000-01", "9999-12", "1e20", "-1", "99999999999999999999", "2569-13", "๒๕๖๙-๑๐", "abc"]
PATHS = [
    "/releases/{v}",
    "/indicators/MPI?from={v}",
    "/indicators/MPI?to={v}",
    "/indicators/MPI.xlsx?from={v}",
    "/sectors/{v}",
    "/api/v1/series?indicator=MPI&from={v}",
    "/api/v1/series?indicator=MPI&to={v}",
    "/api/series/MPI?months={v}",
    "/charts/latest/MPI/TOTAL.png?months={v}",
    "/staff/imports?page={v}",
    "/staff/imports/{v}",
    "/staff/announcements/{v}",
    "/staff/announcements/calendar?month={v}",
    "/staff/audit?before={v}",
    "/staff/insights?days={v}",
    "/staff/observation?period={v}&indicator=MPI&sector=TOTAL",
]


@pytest.mark.parametrize("path", PATHS)
def test_out_of_range_values_never_cause_a_server_error(signed_in: SignedIn, path: str) -> None:
    client = signed_in("admin")
    for value in VALUES:
        response = client.get(path.format(v=value))
        assert response.status_code < 500, (path.format(v=value), response.status_code)


@pytest.mark.parametrize("moment", ["0001-01-01T10:00", "9999-12-31T23:59", "2026-13-01T10:00", "1e20"])
def test_a_schedule_out_of_range_is_refused(console_app: Flask, signed_in: SignedIn, moment: str) -> None:
    service = services_of(console_app).announcements
    number = service.create("ข้อความ", channels=["console"], created_by="editor@oie.example")
    service.approve(number, by="approver@oie.example")
    assert post(signed_in("editor"), f"/staff/announcements/{number}/schedule", {"at": moment}) == 302
    assert service.get(number)["state"] == "approved"
