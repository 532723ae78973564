# The Ministry writes dates day first: "2 March 1996".
DATE_FORMAT = "j F Y"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "d/m/Y"
# What date fields accept: day first, as the Ministry writes them, then ISO; never month first
# (Django's English default), which would read 03/02/2027 as 2 March. The first is how a date
# field shows a date and how the calendar beside it writes one: 03/02/2027, as typed. The back
# office reads more than these (Lao digits, month names: core/dates.py).
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
]
