# Day, month name, year: "2 ມີນາ 1996". Month names come from the Lao catalog (locale/lo).
DATE_FORMAT = "j F Y"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "d/m/Y"
