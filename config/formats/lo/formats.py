# Day, month name, year: "2 ມີນາ 1996". Month names come from the Lao catalog (locale/lo).
DATE_FORMAT = "j F Y"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
# Times on the 24-hour clock, as Lao offices write them: "2 ມີນາ 1996, 14:30" (the back office's
# history and sign-in records). Django has no Lao formats; its defaults are American.
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
# What date fields accept: as in English (ISO, then day first; never month first).
from config.formats.en.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS  # noqa: E402, F401
