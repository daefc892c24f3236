"""The site settings the tests run the assistant with."""

from __future__ import annotations

# A fictional (555-01xx) appointment number, so the tests can see it is used, not invented.
TEST_PHONE = "(602) 555-0134"
TEST_HOSPITAL = "Test Hospital"
TEST_SETTINGS = {"APPOINTMENT_PHONE": TEST_PHONE, "HOSPITAL_NAME": TEST_HOSPITAL}
