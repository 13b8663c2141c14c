from .services import framework_load_seed


def seed(*, forum, today, log) -> None:
    framework = framework_load_seed()
    log(f"  kerangka kompetensi v{framework.version}: {framework.competencies.count()} kompetensi")
