"""The Budget view: costs in any currency on the trip, its stops, sites and legs, converted at
the reference rate of their day or the traveller's own, with totals against the budget."""

from cityplanner.ui.budget._feature import BudgetFeature

__all__ = ["BudgetFeature"]
