"""Models arrive with this app's issue; the app is installed so that its place in the house is fixed."""
