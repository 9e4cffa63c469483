"""`python -m cityplanner`: the same entry point as the `cityplanner` command."""

from cityplanner.app import main

main()
