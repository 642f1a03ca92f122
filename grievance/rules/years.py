"""The years a filter may name: statistics by year, the queue's filing dates.

Wider than any case the system will hold, narrow enough that a typing slip (year 20255, or
year 1, which would not survive the shift from WITA to UTC) is refused with a message instead
of failing deeper down. One pair for every filter, so the statistics and the queue agree.
"""

FIRST_YEAR = 2000
LAST_YEAR = 2100
