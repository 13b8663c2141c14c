from tests.access import BOARD, Case, forum_a_object, roles


def setup(world):
    from notifications.models import Delivery

    world.failed_delivery = Delivery.objects.create(
        key="deadline:1", slot="H-7", recipient=world.users["sekdes_a"], channel="whatsapp", forum=world.forum_a,
        subject="Pengingat", body="Isi", status=Delivery.Status.FAILED, attempts=5, last_error="gateway HTTP 500")


CASES = {
    "notifications:bell": Case(expect=roles(200)),
    "notifications:preferences": Case(expect=roles(200)),
    "notifications:deliveries": Case(expect=roles(403, pengurus=200, other_forum=200)),
    "notifications:delivery_resend": Case(method="post", kwargs=lambda w: {"pk": w.failed_delivery.pk},
                                          expect=forum_a_object(ok=302, allowed=BOARD)),
}
