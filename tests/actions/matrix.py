from tests.access import Case, members_only, roles


def setup(world):
    from actions.services import action_item_create

    world.action_item = action_item_create(forum=world.forum_a, owner=world.users["sekdes_a"],
                                           title="Kirim berita acara", due_on=None)


CASES = {
    "actions:my_tasks": Case(expect=members_only()),
    # only the owner may complete their item; everyone else gets 404 (not their item)
    "actions:complete": Case(method="post", kwargs=lambda w: {"pk": w.action_item.pk},
                             expect=roles(404, sekdes_a=302)),
}
