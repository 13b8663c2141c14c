from tests.access import Case, roles
from tests.world import ROLES

CASES = {
    # Every signed-in person has a personal-data page, whatever their role or forum.
    "privacy:my_data": Case(expect=roles(200)),
    "privacy:export_json": Case(expect=roles(200)),
    "privacy:export_zip": Case(expect=roles(200)),
    "privacy:whatsapp_visibility": Case(method="post", data={"whatsapp_visibility": "board"}, expect=roles(302)),
    "privacy:erasure_request": Case(method="post", data={"reason": "uji"}, expect=roles(302)),
    # Public: the privacy notice needs no account.
    "privacy:notice": Case(expect={r: 200 for r in ROLES}),
}
