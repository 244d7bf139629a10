# GOV.UK date style: "22 November 2026", never "22 Nov 2026" or "22/11/2026".
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j F Y, H:i"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]
FIRST_DAY_OF_WEEK = 1
