"""Thin views of trainings, by subject: events (lists, calendar, iCal feed, schedule, speakers,
materials), rsvp, attendance (incl. QR check-in and the attendance report), minutes, documents
(invitation letter, public verification) and certificates (+ feedback). Each parses the request,
fetches and checks through ``trainings.selectors.<entity>_for`` (or ``policy.require`` on the
forum), calls one service or selector and renders. ``trainings.urls`` imports the modules."""
