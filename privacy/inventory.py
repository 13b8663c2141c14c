"""What the portal holds about people, and what erasure does with it (UU No. 27 Tahun 2022).

One entry per model that holds personal data (``app_label.ModelName``): the decision applied by
``privacy.services.person_erase`` to the rows about the erased person, and the legal basis or
reason, in Indonesian. ``tests/privacy/test_inventory.py`` fails when a model with a link to the
user (or a field such as email / whatsapp / nip / ip) is missing here, and when an "anonymise" or
"delete" decision has no handler in the service.

- "anonymise": the row stays (others rely on it: counts, constraints, the exactly-once log), the
  personal content is blanked.
- "delete": the row goes.
- "keep": the row stays as it is. It still points to the user row, which itself is anonymised
  ("Anggota terhapus #<id>"), so the name disappears from every page that shows it.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

Decision = Literal["anonymise", "delete", "keep"]

ARSIP = ("Kewajiban hukum / arsip pemerintahan desa (UU 27/2022 Pasal 20 ayat 2 huruf c; "
         "UU 43/2009 tentang Kearsipan)")
HAK_HAPUS = "Hak subjek data untuk menghapus data pribadinya (UU 27/2022 Pasal 8 dan Pasal 43)"
KEPENTINGAN_SAH = "Kepentingan yang sah: keamanan sistem dan jejak audit (UU 27/2022 Pasal 20 ayat 2 huruf f)"


class Entry(NamedTuple):
    decision: Decision
    basis: str


INVENTORY: dict[str, Entry] = {
    # Accounts -----------------------------------------------------------------------------------
    "members.User": Entry("anonymise", HAK_HAPUS + ". Nama, email, WhatsApp dan NIP dihapus; baris akun "
                          "dipertahankan kosong (tidak dapat masuk) agar arsip resmi yang merujuknya tetap utuh."),
    "account.EmailAddress": Entry("delete", HAK_HAPUS + ". Alamat email login tidak diperlukan lagi."),
    "account.EmailConfirmation": Entry("delete", HAK_HAPUS + ". Ikut terhapus bersama alamat email."),
    "mfa.Authenticator": Entry("delete", HAK_HAPUS + ". Kunci verifikasi dua langkah tidak diperlukan lagi dan "
                               "berbahaya bila tertinggal."),
    "members.Invitation": Entry("delete", HAK_HAPUS + ". Undangan akun tidak bernilai arsip."),
    "admin.LogEntry": Entry("anonymise", KEPENTINGAN_SAH + ". Catatan admin tentang akun orang itu dikosongkan "
                            "keterangannya; catatan tindakan admin sendiri tetap."),
    # Posts held (decrees) -------------------------------------------------------------------------
    "members.SecretaryTenure": Entry("keep", ARSIP + ". Masa jabatan berdasarkan SK pengangkatan."),
    "members.HistoricalSecretaryTenure": Entry("keep", ARSIP + ". Riwayat perubahan masa jabatan."),
    "members.BoardPosition": Entry("keep", ARSIP + ". Susunan pengurus hasil musyawarah kerja."),
    "members.HistoricalBoardPosition": Entry("keep", ARSIP + ". Riwayat susunan pengurus."),
    "members.KecamatanStaff": Entry("keep", ARSIP + ". Jabatan di kantor kecamatan."),
    "members.HistoricalKecamatanStaff": Entry("keep", ARSIP + ". Riwayat jabatan di kecamatan."),
    "members.KabupatenStaff": Entry("keep", ARSIP + ". Jabatan di kabupaten (Dinas PMD, Bagian Tata Pemerintahan)."),
    "members.HistoricalKabupatenStaff": Entry("keep", ARSIP + ". Riwayat jabatan di kabupaten."),
    "members.FacilitatorAssignment": Entry("keep", ARSIP + ". Penugasan pendamping desa."),
    "members.HistoricalFacilitatorAssignment": Entry("keep", ARSIP + ". Riwayat penugasan pendamping."),
    "members.Forum": Entry("keep", "Data lembaga (email dan telepon sekretariat forum), bukan data pribadi."),
    "members.HistoricalForum": Entry("keep", "Riwayat data lembaga; pengubahnya tampil sebagai akun yang "
                                     "sudah dianonimkan."),
    # Logs ------------------------------------------------------------------------------------------
    "members.AccessLog": Entry("anonymise", KEPENTINGAN_SAH + ". Alamat IP dan alamat halaman dikosongkan; "
                               "baris disimpan paling lama 2 tahun."),
    "members.HistoricalUser": Entry("delete", HAK_HAPUS + ". Riwayat perubahan nama, email, WhatsApp dan NIP "
                                    "orang itu; yang tersisa hanya keadaan akun yang sudah dianonimkan."),
    "members.AuditEntry": Entry("anonymise", KEPENTINGAN_SAH + ". Jejak siapa melakukan apa tetap (bukti "
                                "tindakan resmi), nama, email dan salinan data diri orang itu di dalamnya "
                                "diganti nama anonim."),
    "members.ProfileView": Entry("delete", HAK_HAPUS + ". Catatan siapa melihat profil orang itu; catatan "
                                 "kunjungannya ke profil orang lain tetap milik orang lain."),
    "members.Consent": Entry("keep", "Bukti persetujuan wajib dapat ditunjukkan pengendali (UU 27/2022 Pasal 22 "
                             "ayat 1 dan Pasal 24); penghapusan menambah catatan penarikan persetujuan."),
    "privacy.ErasureRequest": Entry("keep", "Bukti pemenuhan hak subjek data (UU 27/2022 Pasal 43 dan Pasal 47)."),
    # Notifications ---------------------------------------------------------------------------------
    "notifications.Notification": Entry("delete", HAK_HAPUS + ". Pesan di portal tidak bernilai arsip."),
    "notifications.Delivery": Entry("anonymise", KEPENTINGAN_SAH + ". Isi dan subjek pesan dikosongkan; baris "
                                    "tetap agar pengingat tidak terkirim dua kali."),
    "notifications.Preference": Entry("delete", HAK_HAPUS + ". Pilihan saluran tidak diperlukan lagi."),
    # Action items ------------------------------------------------------------------------------
    "actions.ActionItem": Entry("keep", ARSIP + ". Tindak lanjut keputusan rapat dan pendampingan."),
    "actions.HistoricalActionItem": Entry("keep", ARSIP + ". Riwayat tindak lanjut."),
    # Competency --------------------------------------------------------------------------------
    "competency.Framework": Entry("keep", "Kerangka kompetensi forum; penerbitnya tampil sebagai akun anonim."),
    "competency.AssessmentRound": Entry("keep", "Putaran pemetaan forum; pembuatnya tampil sebagai akun anonim."),
    "competency.Assessment": Entry("anonymise", HAK_HAPUS + ". Catatan dan berkas bukti tentang orang itu dihapus; "
                                   "tingkat kompetensi tetap sebagai angka statistik forum tanpa nama."),
    "competency.SelfAssessmentDraft": Entry("delete", HAK_HAPUS + ". Penilaian diri yang belum dikirim tidak "
                                            "diperlukan siapa pun lagi."),
    "competency.HistoricalAssessment": Entry("anonymise", HAK_HAPUS + ". Catatan dan berkas bukti dihapus juga "
                                             "dari riwayat."),
    # Mentoring ---------------------------------------------------------------------------------
    "mentoring.MentoringPlan": Entry("anonymise", HAK_HAPUS + ". Tujuan dan catatan penutupan rencana tempat "
                                     "orang itu menjadi mentee dikosongkan; rencana tetap dihitung."),
    "mentoring.HistoricalMentoringPlan": Entry("anonymise", HAK_HAPUS + ". Sama, pada riwayat rencana."),
    "mentoring.StageChange": Entry("keep", "Perubahan tahap pendampingan; pengubahnya tampil sebagai akun anonim."),
    "mentoring.MentoringSession": Entry("anonymise", HAK_HAPUS + ". Catatan sesi tentang orang itu (sebagai "
                                        "mentee) dikosongkan. Catatan yang ia tulis sebagai mentor tentang orang "
                                        "lain tetap: itu data pendampingan orang lain."),
    "mentoring.HistoricalMentoringSession": Entry("anonymise", HAK_HAPUS + ". Sama, pada riwayat sesi."),
    "mentoring.SuggestionDecision": Entry("delete", HAK_HAPUS + ". Keputusan atas saran pasangan tidak bernilai "
                                          "arsip."),
    # Trainings ---------------------------------------------------------------------------------
    "trainings.Event": Entry("keep", ARSIP + ". Kegiatan forum."),
    "trainings.HistoricalEvent": Entry("keep", ARSIP + ". Riwayat kegiatan."),
    "trainings.Speaker": Entry("keep", ARSIP + ". Narasumber tercatat dalam undangan dan notulen."),
    "trainings.Material": Entry("keep", ARSIP + ". Materi kegiatan forum."),
    "trainings.Registration": Entry("anonymise", HAK_HAPUS + ". Alasan izin (dapat berisi keterangan kesehatan) "
                                    "dikosongkan; jawaban tetap dihitung."),
    "trainings.HistoricalRegistration": Entry("anonymise", HAK_HAPUS + ". Sama, pada riwayat jawaban."),
    "trainings.Attendance": Entry("keep", ARSIP + ". Daftar hadir kegiatan resmi."),
    "trainings.HistoricalAttendance": Entry("keep", ARSIP + ". Riwayat daftar hadir."),
    "trainings.Minutes": Entry("keep", ARSIP + ". Notulen rapat."),
    "trainings.HistoricalMinutes": Entry("keep", ARSIP + ". Riwayat notulen."),
    "trainings.FollowUp": Entry("keep", ARSIP + ". Tindak lanjut dalam notulen."),
    "trainings.Certificate": Entry("keep", ARSIP + ". Nomor sertifikat dan dokumen yang sudah diterbitkan."),
    "trainings.CertificateRun": Entry("keep", ARSIP + ". Proses penerbitan sertifikat."),
    "trainings.Feedback": Entry("anonymise", HAK_HAPUS + ". Komentar dihapus; nilai tetap dihitung dalam rekap "
                                "kegiatan."),
    # Obligations -------------------------------------------------------------------------------
    "obligations.HistoricalObligation": Entry("keep", "Riwayat daftar kewajiban; pengubahnya tampil sebagai akun anonim."),
    "obligations.TermEvent": Entry("keep", ARSIP + ". Peristiwa masa jabatan desa."),
    "obligations.HistoricalTermEvent": Entry("keep", ARSIP + ". Riwayat peristiwa masa jabatan."),
    "obligations.Submission": Entry("keep", ARSIP + ". Laporan yang disampaikan kepada kecamatan."),
    "obligations.HistoricalSubmission": Entry("keep", ARSIP + ". Riwayat laporan yang disampaikan."),
    "reports.CapacityReport": Entry("keep", ARSIP + ". Laporan kapasitas yang diterbitkan forum (siapa yang "
                                   "menerbitkan tercatat pada dokumen resmi)."),
    "reports.ReportFile": Entry("delete", HAK_HAPUS + ". Salinan kerja laporan (draf laporan kapasitas, rekap "
                                "kabupaten) yang diminta orang itu, dan draf laporan kapasitas forum tempat ia "
                                "menjabat (memuat namanya), dihapus beserta berkasnya; dapat dibuat lagi kapan saja. "
                                "Laporan yang sudah diterbitkan tetap disimpan."),
}


def decision_of(label: str) -> Decision:
    return INVENTORY[label].decision
