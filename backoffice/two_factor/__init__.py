"""Two-factor sign-in for staff: a password, then a code from an authenticator app (TOTP) or a
recovery code, with django-otp.

- ``middleware.py``: holds a signed-in staff member who has not given a code at the two-factor
  pages: sent there from every back-office address, and anonymous on the public site (so no
  draft preview). Only while ``settings.TWO_FACTOR_REQUIRED`` (on whenever debug is off).
- ``views.py``: enrolment (a QR code, drawn here as SVG), the code page, the recovery codes
  (shown once).
- ``enrolment.py``: the key of the app being set up, new for each set-up and kept in that
  session alone, for a short while.
- ``devices.py``: the staff member's authenticator app and recovery codes, and checking a code.
- ``sessions.py``: which sessions are still trusted (a reset ends them all; only a session that
  signed in with the password while the person had no device may set up their first app), and
  the history of sign-ins in the log ``backoffice.two_factor``.
- ``lockout.py``: wrong codes count as failed sign-ins for the sign-in lockout (django-axes).

``manage.py reset_two_factor USERNAME`` removes a person's devices and ends their sessions, for a
lost phone.
"""
