from tests.access import BOARD, Case, forum_a_object, roles
from tests.world import ROLES


def setup(world):
    from notifications.models import Delivery

    world.failed_delivery = Delivery.objects.create(
        key="deadline:1", slot="H-7", recipient=world.users["sekdes_a"], channel="whatsapp", forum=world.forum_a,
        subject="Pengingat", body="Isi", status=Delivery.Status.FAILED, attempts=5,
        last_error="gateway WhatsApp menjawab dengan galat HTTP 500")


def _unsubscribe_token(pk: int) -> str:
    from notifications.mail import unsubscribe_token

    return unsubscribe_token(pk)


CASES = {
    "notifications:bell": Case(expect=roles(200)),
    "notifications:preferences": Case(expect=roles(200)),
    # the List-Unsubscribe address of every e-mail: a signed token of the person instead of a login
    "notifications:unsubscribe": [
        Case(kwargs=lambda w: {"token": _unsubscribe_token(w.users["sekdes_a"].pk)}, expect={r: 200 for r in ROLES},
             note="signed token instead of a login"),
        Case(kwargs={"token": "1:forged"}, expect={r: 404 for r in ROLES}),
    ],
    "notifications:deliveries": Case(expect=roles(403, pengurus=200, other_forum=200)),
    "notifications:delivery_resend": Case(method="post", kwargs=lambda w: {"pk": w.failed_delivery.pk},
                                          expect=forum_a_object(ok=302, allowed=BOARD)),
}
