# The Ministry writes dates day first: "2 March 1996".
DATE_FORMAT = "j F Y"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "d/m/Y"
