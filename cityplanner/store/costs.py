"""A trip's costs, its budget, and the rates its traveller gave for currencies."""

from __future__ import annotations

import builtins
from dataclasses import replace
from decimal import Decimal

from sqlite_utils import Database

from cityplanner.domain.costs import Cost, check_currency, check_rate, parse_amount
from cityplanner.domain.errors import NotFoundError, ValidationError
from cityplanner.domain.models import Trip
from cityplanner.store.database import writing
from cityplanner.store.rows import cost_from_row, cost_to_row, fetch_rows, new_uid, trip_from_row


class CostRepository:
    """Reads and writes costs; every change is one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def for_trip(self, trip_id: int) -> list[Cost]:
        rows = fetch_rows(
            self._db,
            "SELECT * FROM costs WHERE trip_id = ? ORDER BY day IS NULL, day, id",
            [trip_id],
        )
        return [cost_from_row(r) for r in rows]

    def get(self, cost_id: int) -> Cost:
        rows = fetch_rows(self._db, "SELECT * FROM costs WHERE id = ?", [cost_id])
        if not rows:
            raise NotFoundError(f"There is no cost number {cost_id}.")
        return cost_from_row(rows[0])

    def add(self, cost: Cost) -> Cost:
        """Save a new cost (or put back a removed one under its own id and uid)."""
        self._check_links(cost)
        uid = cost.uid or new_uid()
        row = {**cost_to_row(cost), "uid": uid}
        if cost.id is not None:
            row = {"id": cost.id, **row}
        with writing(self._db, "add the cost"):
            cursor = self._db.execute(
                f"INSERT INTO costs ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                builtins.list(row.values()),
            )
        return replace(cost, id=int(cursor.lastrowid or 0), uid=uid)

    def add_many(self, costs: builtins.list[Cost]) -> builtins.list[Cost]:
        with writing(self._db, "add the costs"):
            return [self.add(c) for c in costs]

    def update(self, cost: Cost) -> Cost:
        if cost.id is None:
            raise ValidationError("This cost has not been saved yet.")
        current = self.get(cost.id)
        self._check_links(cost)
        row = cost_to_row(replace(cost, uid=cost.uid or current.uid))
        assignments = ", ".join(f"{column} = ?" for column in row)
        with writing(self._db, "save the cost"):
            self._db.execute(
                f"UPDATE costs SET {assignments} WHERE id = ?", [*row.values(), cost.id]
            )
        return self.get(cost.id)

    def remove(self, cost_id: int) -> Cost:
        cost = self.get(cost_id)
        with writing(self._db, "remove the cost"):
            self._db.execute("DELETE FROM costs WHERE id = ?", [cost_id])
        return cost

    # -- the trip's money settings -------------------------------------------------------
    def set_budget(
        self,
        trip_id: int,
        amount: Decimal | None,
        currency: str,
        *,
        travellers: int | None = None,
    ) -> Trip:
        """The trip's budget (None: none) in `currency`, which becomes its home currency."""
        code = check_currency(currency)
        budget = parse_amount(amount, "A budget") if amount is not None else None
        if budget is not None and budget < 0:
            raise ValidationError("A budget cannot be negative.")
        found = fetch_rows(self._db, "SELECT * FROM trips WHERE id = ?", [trip_id])
        if not found:
            raise NotFoundError(f"There is no trip number {trip_id}.")
        current = trip_from_row(found[0])
        people = current.travellers if travellers is None else travellers
        if code != current.home_currency and (
            self.rates(trip_id)
            or self._db.execute(
                "SELECT 1 FROM costs WHERE trip_id = ? AND rate IS NOT NULL LIMIT 1", [trip_id]
            ).fetchone()
        ):
            raise ValidationError(
                f"This trip's own rates are values in {current.home_currency}; remove them "
                f"before counting the trip in {code}, or keep {current.home_currency}."
            )
        Trip(name=current.name, home_currency=code, budget=budget, travellers=people)  # checks
        with writing(self._db, "set the budget"):
            self._db.execute(
                "UPDATE trips SET budget = ?, home_currency = ?, travellers = ? WHERE id = ?",
                [str(budget) if budget is not None else None, code, people, trip_id],
            )
        return trip_from_row(fetch_rows(self._db, "SELECT * FROM trips WHERE id = ?", [trip_id])[0])

    def rates(self, trip_id: int) -> dict[str, Decimal]:
        """The rates the traveller gave: currency → value of one unit in the home currency."""
        rows = self._db.execute(
            "SELECT currency, rate FROM trip_rates WHERE trip_id = ?", [trip_id]
        ).fetchall()
        return {code: Decimal(rate) for code, rate in rows}

    def set_rate(self, trip_id: int, currency: str, rate: Decimal | None) -> None:
        """Give (or with None, forget) the trip's own rate for a currency."""
        code = check_currency(currency)
        home = self._db.execute(
            "SELECT home_currency FROM trips WHERE id = ?", [trip_id]
        ).fetchone()
        if home is not None and home[0] == code and rate is not None:
            raise ValidationError(f"{code} is this trip's own currency: it needs no rate.")
        with writing(self._db, "save the rate"):
            if rate is None:
                self._db.execute(
                    "DELETE FROM trip_rates WHERE trip_id = ? AND currency = ?", [trip_id, code]
                )
            else:
                self._db.execute(
                    "INSERT INTO trip_rates (trip_id, currency, rate) VALUES (?, ?, ?) "
                    "ON CONFLICT (trip_id, currency) DO UPDATE SET rate = excluded.rate",
                    [trip_id, code, str(check_rate(rate))],
                )

    def _check_links(self, cost: Cost) -> None:
        if not self._db.execute("SELECT 1 FROM trips WHERE id = ?", [cost.trip_id]).fetchone():
            raise NotFoundError(f"There is no trip number {cost.trip_id}.")
        for column, table, value in (
            ("stop", "stops", cost.stop_id),
            ("leg", "stops", cost.leg_stop_id),
        ):
            if (
                value is not None
                and not self._db.execute(
                    f"SELECT 1 FROM {table} WHERE id = ? AND trip_id = ?", [value, cost.trip_id]
                ).fetchone()
            ):
                raise NotFoundError(f"That {column} is not part of this trip.")
        if (
            cost.site_id is not None
            and not self._db.execute(
                "SELECT 1 FROM sites JOIN stops ON stops.id = sites.stop_id "
                "WHERE sites.id = ? AND stops.trip_id = ?",
                [cost.site_id, cost.trip_id],
            ).fetchone()
        ):
            raise NotFoundError("That site is not part of this trip.")
