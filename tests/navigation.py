"""The service navigation each persona should see, in order: shared by the view and browser tests."""

EXPECTED_NAVIGATION = {
    "la_admin_a": [
        "Home",
        "Schools",
        "Support cases",
        "Needs support",
        "Networks",
        "System leaders",
        "Consultations",
        "People",
        "Priorities",
        "Imports",
    ],
    "la_officer_a": [
        "Home",
        "Schools",
        "Support cases",
        "Needs support",
        "Networks",
        "System leaders",
        "Consultations",
        "People",
        "Imports",
    ],
    "head_x": [
        "Home",
        "Your school",
        "Schools",
        "Support cases",
        "Support you give",
        "Networks",
        "System leaders",
    ],
    "governor_x": ["Home", "Your school", "Schools", "Networks"],
    "board_member_a": ["Home", "Schools", "Support cases", "Networks", "System leaders"],
}
