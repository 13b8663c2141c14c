"""Personal data (UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi): each person's export,
the erasure service, the inventory of what the portal holds, the privacy notice.

Top layer (like ``reports``): it reads every app; no app imports it.
"""
