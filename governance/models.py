"""Models arrive with this app's issue.

The app is installed already so that its place in the house is fixed.
"""
