"""My tasks ("Tugas saya"): a list page with a constant number of queries."""

import datetime

import pytest

from actions.models import ActionItem

TASKS_QUERIES = {"/tugas/": 3, "/tugas/?selesai=1": 3}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/tugas/", "/tugas/?selesai=1"])
def test_my_tasks_queries_do_not_grow_with_the_number_of_tasks(world, login, url, django_assert_num_queries):
    owner = world.users["sekdes_a"]
    client = login(owner)

    def grow(n: int):
        have = ActionItem.objects.filter(owner=owner).count()
        ActionItem.objects.bulk_create([
            ActionItem(forum=world.forum_a, owner=owner, title=f"Tindak lanjut {i}",
                       due_on=datetime.date(2026, 12, 1) + datetime.timedelta(days=i % 30),
                       source_label=f"Notulen rapat {i}", created_by=world.users["pengurus"])
            for i in range(have, n)])

    grow(5)
    client.get(url)  # warm the per-process caches
    with django_assert_num_queries(TASKS_QUERIES[url]):
        assert "Tindak lanjut 4" in client.get(url).content.decode()
    grow(200)
    with django_assert_num_queries(TASKS_QUERIES[url]):
        assert "Tindak lanjut 199" in client.get(url).content.decode()
