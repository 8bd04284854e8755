#!/usr/bin/env python3
"""Write a synthetic Vietnamese social-insurance portal for loa's benchmark.

The same portal (articles, infographics with PNG pictures, the six audiences, the six yearly
campaigns, questions and answers, two standalone pages) is written in loa's content layout
and in Hugo's site layout, with equivalent templates, so that both tools build the same pages.

    python3 bench/gen_corpus.py --articles 10000 --format both --out /tmp/loa-bench/10000
        -> /tmp/loa-bench/10000/loa   (loa build --root DIR --now 2026-11-22T00:00:00+07:00)
        -> /tmp/loa-bench/10000/hugo  (hugo --source DIR --clock 2026-11-22T00:00:00+07:00)

Deterministic: the same --seed and counts give byte-identical files. Relative to the reference
instant (--now) about 12 % of the articles are scheduled (a future `date`, or a future
`publish_at`), about 3 % have expired (`expire_at`), about 2 % are drafts; Hugo gets the same
items as `publishDate`/`expiryDate`/`draft`, which it skips by default. Articles are 400-900
words of synthetic Vietnamese (NFC) with headings, lists, tables and quotes, links to other
articles (relative `.md` paths for loa, `relref` for Hugo) and pictures of infographics.
The prose is assembled at random from the vocabulary below: it looks like Vietnamese, it does
not have to make sense. Standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import re
import shutil
import struct
import sys
import unicodedata
import zlib

VERSION = 1
DEFAULT_SEED = 2026
REFERENCE_NOW = "2026-11-22T00:00:00+07:00"
ICT = dt.timezone(dt.timedelta(hours=7))
FIRST_DAY = dt.datetime(2019, 1, 1, tzinfo=ICT)
MARKER = ".corpus.json"
HERE = os.path.dirname(os.path.abspath(__file__))
HUGO_FILES = os.path.join(HERE, "hugo")

SITE_TITLE = "Bảo hiểm xã hội tỉnh Lâm Giang"
BASE_URL = "https://bhxh-lamgiang.example.vn"
SITE_DESCRIPTION = ("Cổng thông tin của Bảo hiểm xã hội tỉnh Lâm Giang (tỉnh giả định, dùng để đo hiệu năng): "
                    "chính sách BHXH, BHYT, BHTN, hướng dẫn thủ tục và các chiến dịch truyền thông trong năm.")
HOTLINE = "1900 9068"

# --------------------------------------------------------------------------------------------
# The fixed parts of the portal

TOPICS = [
    ("bhxh-bat-buoc", "BHXH bắt buộc"),
    ("bhxh-tu-nguyen", "BHXH tự nguyện"),
    ("bhyt", "Bảo hiểm y tế"),
    ("bhtn", "Bảo hiểm thất nghiệp"),
    ("chuyen-doi-so", "Chuyển đổi số"),
    ("phap-luat", "Pháp luật"),
]

# slug, title, summary, slogans
AUDIENCES = [
    ("co-quan-dang-chinh-quyen", "Cấp ủy, chính quyền và đoàn thể",
     "Thông tin để cấp ủy, chính quyền, ban ngành và đoàn thể các cấp lãnh đạo, chỉ đạo công tác bảo hiểm.",
     ["Bảo hiểm xã hội là trụ cột của an sinh", "Mỗi cấp ủy là một điểm tựa cho chính sách"]),
    ("nguoi-lao-dong-doanh-nghiep", "Doanh nghiệp và người lao động",
     "Quyền lợi, trách nhiệm đóng và thủ tục dành cho người sử dụng lao động và người lao động.",
     ["Đóng đúng, đóng đủ để giữ trọn quyền lợi", "Người lao động an tâm, doanh nghiệp phát triển"]),
    ("bhxh-tu-nguyen-bhyt-ho-gia-dinh", "Người tham gia tự nguyện và hộ gia đình",
     "Bảo hiểm xã hội tự nguyện và bảo hiểm y tế hộ gia đình cho người làm nghề tự do, nông dân, ngư dân.",
     ["Tích lũy hôm nay, lương hưu ngày mai", "Cả nhà cùng có thẻ, cả nhà cùng yên tâm",
      "Tự nguyện tham gia, chủ động tương lai"]),
    ("hoc-sinh-sinh-vien", "Học sinh, sinh viên",
     "Bảo hiểm y tế học sinh, sinh viên: mức đóng, phần ngân sách hỗ trợ và cách dùng thẻ.",
     ["Vững bước đến trường cùng thẻ bảo hiểm y tế", "Khỏe để học, học để vươn xa"]),
    ("co-so-kham-chua-benh", "Cơ sở khám, chữa bệnh",
     "Thông tin cho bệnh viện, trạm y tế về khám, chữa bệnh và thanh toán bảo hiểm y tế.",
     ["Tận tâm với người bệnh, minh bạch với quỹ", "Khám đúng, chữa đúng, thanh toán đúng"]),
    ("dai-ly-thu-cong-tac-vien", "Đại lý thu và cộng tác viên",
     "Tài liệu, kịch bản tư vấn và kinh nghiệm cho đại lý thu, cộng tác viên truyền thông.",
     ["Đến từng ngõ, gõ từng nhà", "Mỗi lời tư vấn là một niềm tin"]),
]
AUDIENCE_SLUGS = [a[0] for a in AUDIENCES]

# slug, title, starts, ends, theme, slogan, audiences (the yearly calendar of DOMAIN.md)
CAMPAIGNS = [
    ("ngay-thanh-lap-dang", "Mừng ngày thành lập Đảng", "02-03", "02-03",
     "Chính sách bảo hiểm vì Nhân dân", "Theo Đảng trọn niềm tin, vì dân trọn an sinh",
     ["co-quan-dang-chinh-quyen", "dai-ly-thu-cong-tac-vien"]),
    ("ngay-thanh-lap-nganh", "Ngày truyền thống ngành Bảo hiểm xã hội", "02-16", "02-16",
     "Ba mươi năm đồng hành cùng người tham gia", "Phục vụ tận tâm, chuyển đổi số mạnh mẽ",
     ["co-quan-dang-chinh-quyen", "nguoi-lao-dong-doanh-nghiep"]),
    ("thang-bhxh-toan-dan", "Tháng vận động BHXH toàn dân", "05-01", "05-31",
     "Mọi người dân đều có quyền tham gia bảo hiểm xã hội", "Bảo hiểm xã hội cho tất cả mọi người",
     ["nguoi-lao-dong-doanh-nghiep", "bhxh-tu-nguyen-bhyt-ho-gia-dinh", "dai-ly-thu-cong-tac-vien"]),
    ("ngay-bhyt-viet-nam", "Ngày Bảo hiểm y tế Việt Nam", "07-01", "07-01",
     "Bảo hiểm y tế toàn dân vì sức khỏe cộng đồng", "Có thẻ bảo hiểm y tế, vững tâm trước ốm đau",
     ["bhxh-tu-nguyen-bhyt-ho-gia-dinh", "co-so-kham-chua-benh", "hoc-sinh-sinh-vien"]),
    ("bhyt-hoc-sinh-sinh-vien", "Bảo hiểm y tế học sinh, sinh viên năm học mới", "08-01", "09-30",
     "Trăm phần trăm học sinh, sinh viên có thẻ", "Năm học mới, thẻ mới, an tâm mới",
     ["hoc-sinh-sinh-vien", "co-so-kham-chua-benh"]),
    ("nuoc-rut-cuoi-nam", "Nước rút hoàn thành chỉ tiêu cuối năm", "10-01", "11-30",
     "Về đích đúng hẹn, không ai bị bỏ lại", "Thêm một người tham gia, thêm một gia đình yên tâm",
     ["dai-ly-thu-cong-tac-vien", "nguoi-lao-dong-doanh-nghiep", "bhxh-tu-nguyen-bhyt-ho-gia-dinh"]),
]

DESKS = ["Phòng Truyền thông và Phát triển đối tượng", "Phòng Quản lý thu", "Phòng Chế độ bảo hiểm xã hội",
         "Phòng Giám định bảo hiểm y tế", "Bảo hiểm xã hội huyện Sơn Lâm", "Bảo hiểm xã hội thị xã Bình Lãng"]
REPUBLISHERS = ["baobaohiemxahoi.example.vn", "tapchibhxh.example.vn", "suckhoedoisong.example.vn",
                "laodongtinh.example.vn"]

# --------------------------------------------------------------------------------------------
# Vocabulary

ACTORS = [
    "Bảo hiểm xã hội tỉnh", "Bảo hiểm xã hội cơ sở", "Ủy ban nhân dân các xã", "Ban chỉ đạo cấp huyện",
    "tổ dịch vụ thu", "mạng lưới đại lý thu", "Liên đoàn Lao động tỉnh", "Sở Y tế", "Sở Giáo dục và Đào tạo",
    "Hội Nông dân tỉnh", "Hội Liên hiệp Phụ nữ", "Tỉnh đoàn", "bưu điện văn hóa xã", "các doanh nghiệp",
    "trạm y tế xã", "bệnh viện đa khoa khu vực", "cán bộ chuyên quản thu", "ban giám hiệu các trường",
    "chi hội người cao tuổi", "công an xã", "tổ trưởng tổ dân phố", "trưởng thôn, bản",
]
PEOPLE = [
    "người lao động", "người làm nghề tự do", "ngư dân ven biển", "công nhân khu công nghiệp",
    "học sinh tiểu học", "sinh viên năm nhất", "người cao tuổi", "người hưởng lương hưu", "lao động nữ sau sinh",
    "thân nhân người lao động", "hộ cận nghèo", "đồng bào dân tộc thiểu số", "trẻ em dưới sáu tuổi",
    "tiểu thương ở chợ", "lao động thời vụ", "người khuyết tật", "nông dân trồng cà phê", "người bệnh mạn tính",
]
ACTIONS = [
    "rà soát", "cấp mới", "gia hạn", "đối chiếu", "hướng dẫn kê khai", "tiếp nhận", "chi trả", "cập nhật",
    "số hóa", "truyền thông về", "đôn đốc thu", "giải quyết", "kiểm tra", "tập huấn về", "vận động tham gia",
    "hỗ trợ đóng", "xác minh", "tư vấn về", "phổ biến", "tổng hợp",
]
RECEIVED = ["được cấp", "được chi trả", "được hỗ trợ", "được gia hạn", "được hướng dẫn về", "đã nhận",
            "được tư vấn về", "đã hoàn tất"]
OBJECTS = [
    "thẻ bảo hiểm y tế", "sổ bảo hiểm xã hội", "chế độ thai sản", "lương hưu hằng tháng", "trợ cấp thất nghiệp",
    "chế độ ốm đau", "trợ cấp tai nạn lao động", "hồ sơ hưởng một lần", "mức đóng tự nguyện",
    "danh sách học sinh tham gia", "tài khoản VssID", "dữ liệu hộ gia đình", "mã số bảo hiểm xã hội",
    "chi phí điều trị nội trú", "giấy chứng nhận nghỉ việc", "tiền lương đóng bảo hiểm", "khoản chậm đóng",
    "quyền lợi khám ngoại trú", "trợ cấp hưu trí xã hội", "thủ tục chuyển tuyến", "hồ sơ điện tử",
    "danh sách chi trả qua tài khoản", "chế độ dưỡng sức", "phần hỗ trợ của ngân sách",
]
MANNERS = [
    "kịp thời, đúng quy định", "qua Cổng dịch vụ công quốc gia", "ngay tại trụ sở ủy ban xã",
    "trên ứng dụng VssID", "bằng căn cước công dân gắn chip", "không dùng tiền mặt", "theo từng quý",
    "trong vòng năm ngày làm việc", "tại điểm thu lưu động", "vào các buổi tối cuối tuần",
    "theo hình thức trực tuyến toàn trình", "công khai, minh bạch", "theo đúng lộ trình", "đến từng hộ gia đình",
]
PLACES = [
    "xã Tân Phú", "phường Hòa Bình", "huyện Sơn Lâm", "xã Pà Khoang", "thị xã Bình Lãng",
    "khu công nghiệp Đông Lĩnh", "huyện Mường Lống", "xã đảo Hòn Mây", "thành phố Lâm Giang", "xã Ea Knốp",
    "huyện Quế Sơn Hạ", "phường Bến Thủy", "xã Nghĩa Hưng", "thị trấn Đồng Văn Thượng",
]
TIMES = [
    "trong tháng qua", "từ đầu năm đến nay", "trong quý III", "trong đợt cao điểm", "trong năm học mới",
    "từ ngày 1/7", "trong sáu tháng đầu năm", "trước Tết Nguyên đán", "trong tuần đầu tháng",
]
MODALS = ["cần", "phải", "đã", "sẽ", "đang", "tiếp tục", "chủ động", "thường xuyên"]
CONNECTORS = [
    "Song song với đó,", "Thêm vào đó,", "Nhờ vậy,", "Theo kế hoạch,", "Cùng thời gian này,", "Mặt khác,",
    "Trước thực tế đó,", "Đáng chú ý,", "Qua đó,", "Hiện tại,", "Thực hiện chỉ đạo của tỉnh,", "Năm nay,",
]
PURPOSES = [
    "bảo đảm không ai bị bỏ lại phía sau", "giúp người dân yên tâm khi ốm đau", "giảm thời gian đi lại",
    "hạn chế tình trạng chậm đóng", "nâng tỷ lệ bao phủ bảo hiểm y tế", "tạo thuận lợi cho người tham gia",
    "giữ quyền lợi liên tục cho người lao động", "phòng tránh trục lợi quỹ", "góp phần ổn định an sinh",
    "để người dân hiểu đúng, làm đúng",
]
VALUES = [
    "một chính sách nhân văn", "chỗ dựa vững chắc khi về già", "tấm lá chắn trước rủi ro bệnh tật",
    "quyền lợi thiết thực", "điểm tựa cho nhiều gia đình", "giải pháp được người dân đánh giá cao",
    "việc làm cần duy trì lâu dài",
]
BENEFITS = ["an tâm điều trị", "có thu nhập ổn định khi nghỉ hưu", "giảm gánh nặng viện phí",
            "sớm quay lại làm việc", "tra cứu quyền lợi mọi lúc", "được chăm sóc sức khỏe ban đầu"]
CONDITIONS = ["đóng đủ hai mươi năm", "tham gia liên tục đủ năm năm", "nghỉ việc mà chưa có việc làm mới",
              "sinh con khi đang đóng bảo hiểm", "bị tai nạn trên đường đi làm", "khám đúng nơi đăng ký ban đầu"]
BURDENS = ["xếp hàng chờ đợi", "mang theo giấy tờ bản giấy", "đi lại nhiều lần", "nộp bản sao chứng thực"]
CHANNELS = ["tra cứu trên ứng dụng VssID", "gọi tổng đài 1900 9068", "nộp hồ sơ qua Cổng dịch vụ công",
            "liên hệ đại lý thu gần nhất", "đến bộ phận một cửa cấp huyện"]
OFFICIALS = ["Giám đốc Bảo hiểm xã hội tỉnh", "Phó Giám đốc Bảo hiểm xã hội tỉnh", "Trưởng phòng Quản lý thu",
             "Trưởng phòng Chế độ bảo hiểm xã hội", "Chủ tịch Ủy ban nhân dân xã", "Hiệu trưởng nhà trường",
             "Trưởng phòng Truyền thông"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
            "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Hữu", "Ngọc", "Quang", "Thanh", "Kim"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hùng", "Lan", "Long", "Mai", "Nam", "Ngân", "Phương",
         "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến", "Khánh", "Đạt", "Hiếu", "Lộc", "Ánh"]
UNITS = ["người", "lao động", "hộ gia đình", "học sinh", "hồ sơ", "lượt người", "doanh nghiệp", "thẻ"]
DESK_WORDS = ["Kết quả", "Chỉ tiêu", "Số liệu", "Mức đóng", "Thời hạn", "Hình thức"]
TABLES = [
    ("Đơn vị", "Số người tham gia", "Tỷ lệ bao phủ"),
    ("Chế độ", "Thời hạn giải quyết", "Cách nộp hồ sơ"),
    ("Chỉ tiêu", "Năm trước", "Năm nay", "Tăng, giảm"),
    ("Nhóm đối tượng", "Mức đóng", "Ngân sách hỗ trợ"),
]
SUBMIT_WAYS = ["Trực tuyến", "Qua bưu điện", "Tại bộ phận một cửa", "Qua đại lý thu", "Trên VssID"]

for _list in (ACTORS, PEOPLE, ACTIONS, RECEIVED, OBJECTS, MANNERS, PLACES, TIMES, CONNECTORS, PURPOSES,
              VALUES, BENEFITS, CONDITIONS, BURDENS, CHANNELS, OFFICIALS, SURNAMES, MIDDLE, GIVEN, UNITS):
    _list[:] = [unicodedata.normalize("NFC", w) for w in _list]


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def vn_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def vn_pct(rng: random.Random, lo: int = 1, hi: int = 99) -> str:
    return f"{rng.randint(lo, hi)},{rng.randrange(10)}%"


class Prose:
    """Random Vietnamese-looking text from one random stream."""

    def __init__(self, rng: random.Random):
        self.r = rng

    def c(self, xs):
        return xs[self.r.randrange(len(xs))]

    def person(self) -> str:
        middle = self.c(MIDDLE)
        title = "bà" if middle == "Thị" or (middle not in ("Văn", "Đức", "Hữu") and self.r.random() < 0.5) else "ông"
        return f"{title} {self.c(SURNAMES)} {middle} {self.c(GIVEN)}"

    def sentence(self) -> str:
        c, r = self.c, self.r
        k = r.randrange(12)
        if k == 0:
            return f"{cap(c(ACTORS))} {c(TIMES)} đã {c(ACTIONS)} {c(OBJECTS)} cho {vn_int(r.randint(40, 90000))} {c(UNITS)} tại {c(PLACES)}."
        if k == 1:
            return (f"Tính đến cuối tháng {r.randint(1, 12)}, toàn tỉnh có **{vn_int(r.randint(500, 400000))} {c(UNITS)}** "
                    f"{c(RECEIVED)} {c(OBJECTS)}, đạt {vn_pct(r, 40, 120)} kế hoạch năm.")
        if k == 2:
            return f"Theo {self.person()}, {c(OFFICIALS)}, {c(ACTORS)} {c(MODALS)} {c(ACTIONS)} {c(OBJECTS)} {c(MANNERS)}."
        if k == 3:
            return f"Để {c(PURPOSES)}, {c(ACTORS)} {c(MODALS)} {c(ACTIONS)} {c(OBJECTS)} {c(MANNERS)}."
        if k == 4:
            return f"{c(CONNECTORS)} {c(ACTORS)} {c(MODALS)} {c(ACTIONS)} {c(OBJECTS)} tại {c(PLACES)}, nhằm {c(PURPOSES)}."
        if k == 5:
            return f"So với cùng kỳ năm trước, số {c(UNITS)} {c(RECEIVED)} {c(OBJECTS)} tăng {vn_pct(r, 1, 45)}."
        if k == 6:
            return f"{cap(c(OBJECTS))} là {c(VALUES)}, giúp {c(PEOPLE)} {c(BENEFITS)}."
        if k == 7:
            return f"Người dân có thể {c(CHANNELS)} để {c(ACTIONS)} {c(OBJECTS)} mà không phải {c(BURDENS)}."
        if k == 8:
            return f"Nếu {c(CONDITIONS)}, {c(PEOPLE)} sẽ {c(RECEIVED[:5])} {c(OBJECTS)} {c(MANNERS)}."
        if k == 9:
            return f"{cap(c(ACTORS))} cũng đề nghị {c(ACTORS)} {c(ACTIONS)} {c(OBJECTS)} {c(TIMES)}."
        if k == 10:
            return (f"Riêng tại {c(PLACES)}, {vn_int(r.randint(20, 9000))} {c(PEOPLE)} đã {c(ACTIONS)} "
                    f"{c(OBJECTS)} {c(MANNERS)}.")
        return f"{cap(c(PEOPLE))} {c(MODALS)} lưu ý {c(ACTIONS)} {c(OBJECTS)} {c(TIMES)} để {c(BENEFITS)}."

    def quote(self) -> str:
        c = self.c
        said = (f"Chúng tôi {c(MODALS)} {c(ACTIONS)} {c(OBJECTS)} {c(MANNERS)}, "
                f"để {c(PEOPLE)} {c(BENEFITS)}")
        return f"“{said}”, {self.person()}, {c(OFFICIALS)}, cho biết."

    def title(self) -> str:
        c, r = self.c, self.r
        k = r.randrange(9)
        if k == 0:
            return f"{cap(c(PLACES))}: {vn_int(r.randint(50, 20000))} {c(UNITS)} {c(RECEIVED)} {c(OBJECTS)}"
        if k == 1:
            return f"{cap(c(ACTORS))} {c(ACTIONS)} {c(OBJECTS)} {c(MANNERS)}"
        if k == 2:
            return f"Hướng dẫn {c(PEOPLE)} {c(ACTIONS)} {c(OBJECTS)}"
        if k == 3:
            return f"Những thay đổi về {c(OBJECTS)} từ ngày 1/{r.randint(1, 12)}/{r.randint(2019, 2027)}"
        if k == 4:
            return f"{cap(c(OBJECTS))}: {c(PEOPLE)} cần biết gì?"
        if k == 5:
            return f"Đẩy mạnh {c(ACTIONS)} {c(OBJECTS)} tại {c(PLACES)}"
        if k == 6:
            return f"Vì sao {c(PEOPLE)} nên quan tâm đến {c(OBJECTS)}?"
        if k == 7:
            return f"{cap(c(PEOPLE))} {c(PLACES)} {c(RECEIVED)} {c(OBJECTS)} {c(TIMES)}"
        return f"{cap(c(ACTORS))} {c(MODALS)} {c(ACTIONS)} {c(OBJECTS)} để {c(PURPOSES)}"

    def heading(self) -> str:
        c, r = self.c, self.r
        k = r.randrange(10)
        if k == 0:
            return f"{cap(c(OBJECTS))} và những điều cần lưu ý"
        if k == 1:
            return f"Ai được hưởng {c(OBJECTS)}?"
        if k == 2:
            return f"Các bước {c(ACTIONS)} {c(OBJECTS)}"
        if k == 3:
            return f"Kết quả nổi bật năm {r.randint(2019, 2026)}"
        if k == 4:
            return f"Quyền lợi của {c(PEOPLE)}"
        if k == 5:
            return f"Trách nhiệm của {c(ACTORS)}"
        if k == 6:
            return f"Hỏi nhanh, đáp gọn về {c(OBJECTS)}"
        if k == 7:
            return "Những con số đáng chú ý"
        if k == 8:
            return f"Kinh nghiệm từ {c(PLACES)}"
        return "Thủ tục và thời hạn giải quyết"

    def item(self) -> str:
        c, r = self.c, self.r
        k = r.randrange(4)
        if k == 0:
            return f"{cap(c(ACTIONS))} {c(OBJECTS)} {c(MANNERS)}"
        if k == 1:
            return f"{cap(c(PEOPLE))} {c(MODALS)} {c(ACTIONS)} {c(OBJECTS)}"
        if k == 2:
            return f"**{c(DESK_WORDS)}:** {c(OBJECTS)} {c(TIMES)}"
        return f"Không phải {c(BURDENS)} khi {c(ACTIONS)} {c(OBJECTS)}"

    def step(self, n: int) -> str:
        return f"Bước {n}: {self.c(ACTIONS)} {self.c(OBJECTS)} {self.c(MANNERS)}"

    def table(self):
        c, r = self.c, self.r
        head = TABLES[r.randrange(len(TABLES))]
        rows = []
        for _ in range(r.randint(3, 6)):
            if head[0] == "Đơn vị":
                rows.append((cap(c(PLACES)), vn_int(r.randint(800, 250000)), vn_pct(r, 55, 99)))
            elif head[0] == "Chế độ":
                rows.append((cap(c(OBJECTS)), f"{r.randint(3, 20)} ngày làm việc", c(SUBMIT_WAYS)))
            elif head[0] == "Chỉ tiêu":
                a, b = r.randint(500, 90000), r.randint(500, 90000)
                rows.append((cap(c(OBJECTS)), vn_int(a), vn_int(b), f"{(b - a) * 100 / a:+.1f}%".replace(".", ",")))
            else:
                rows.append((cap(c(PEOPLE)), f"{vn_int(r.randint(30, 1500) * 1000)} đồng/tháng", vn_pct(r, 10, 100)))
        return ("table", head, rows)

    def paragraph(self, lo: int, hi: int) -> str:
        return " ".join(self.sentence() for _ in range(self.r.randint(lo, hi)))


# --------------------------------------------------------------------------------------------
# Slugs, dates, TOML

def slugify(text: str, words: int = 9) -> str:
    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    return "-".join(re.findall(r"[a-z0-9]+", s)[:words])


def tstr(s: str) -> str:
    return json.dumps(unicodedata.normalize("NFC", s), ensure_ascii=False)


def tlist(xs) -> str:
    return "[" + ", ".join(tstr(x) for x in xs) + "]"


def tdate(d: dt.datetime) -> str:
    return d.astimezone(ICT).strftime("%Y-%m-%dT%H:%M:%S+07:00")


def at_minute(rng: random.Random, lo: dt.datetime, hi: dt.datetime) -> dt.datetime:
    """A time of day between 06:00 and 21:59 on a day in [lo, hi], itself within [lo, hi]."""
    for _ in range(50):
        day = lo.date() + dt.timedelta(days=rng.randrange((hi.date() - lo.date()).days + 1))
        d = dt.datetime(day.year, day.month, day.day, rng.randint(6, 21), rng.randrange(60), tzinfo=ICT)
        if lo <= d <= hi:
            return d
    return lo + (hi - lo) / 2


def window(camp, year: int):
    sm, sd = map(int, camp[2].split("-"))
    em, ed = map(int, camp[3].split("-"))
    start = dt.datetime(year, sm, sd, tzinfo=ICT)
    end = dt.datetime(year + (1 if (em, ed) < (sm, sd) else 0), em, ed, 23, 59, tzinfo=ICT)
    return start, end


def campaign_date(rng: random.Random, camp, now: dt.datetime, future: bool) -> dt.datetime:
    """A date inside one yearly window of the campaign, before `now` or after it."""
    if future:
        for year in range(now.year - 1, now.year + 3):
            start, end = window(camp, year)
            lo = max(start, now + dt.timedelta(hours=1))
            if end > lo:
                return at_minute(rng, lo, end)
    for _ in range(20):
        start, end = window(camp, rng.randint(FIRST_DAY.year, now.year))
        hi = min(end, now - dt.timedelta(hours=1))
        if hi > start:
            return at_minute(rng, start, hi)
    return at_minute(rng, FIRST_DAY, now - dt.timedelta(days=1))


def png(width: int, height: int, bg, bars) -> bytes:
    """A valid truecolour PNG: a bar chart of `bars` (height, colour) on a background."""
    rows = []
    step = max(1, width // len(bars))
    for y in range(height):
        row = bytearray(b"\x00")  # filter type 0 for each scan line
        for x in range(width):
            i = min(x // step, len(bars) - 1)
            bar_h, colour = bars[i]
            row += bytes(colour if (y >= height - bar_h and x % step != 0) else bg)
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


# --------------------------------------------------------------------------------------------
# The model

class Item:
    __slots__ = ("kind", "idx", "title", "slug", "summary", "date", "publish_at", "expire_at", "updated",
                 "draft", "audiences", "campaign", "topics", "origin", "source_url", "author", "aliases",
                 "image", "alt", "size", "colours")

    def __init__(self, kind: str, idx: int):
        self.kind, self.idx = kind, idx
        self.publish_at = self.expire_at = self.updated = self.campaign = self.source_url = self.author = None
        self.draft = False
        self.origin = "original"
        self.aliases = []

    def state(self, now: dt.datetime) -> str:
        if self.draft:
            return "draft"
        if (self.publish_at or self.date) > now:
            return "scheduled"
        if self.expire_at is not None and self.expire_at <= now:
            return "expired"
        return "live"

    def permanent(self, now: dt.datetime) -> bool:
        """Live now and for good: a safe target for a link."""
        return self.state(now) == "live" and self.expire_at is None


def new_slug(title: str, used: set) -> str:
    base = slugify(title) or "bai"
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


def tag(rng: random.Random, item: Item, used: set, campaign_share: float, now: dt.datetime, future: bool):
    p = Prose(rng)
    item.title = p.title()
    item.slug = new_slug(item.title, used)
    item.summary = p.sentence().replace("**", "")
    item.audiences = sorted(rng.sample(AUDIENCE_SLUGS, rng.randint(1, 3)), key=AUDIENCE_SLUGS.index)
    item.topics = sorted(rng.sample([t[0] for t in TOPICS], rng.randint(1, 2)), key=[t[0] for t in TOPICS].index)
    if rng.random() < campaign_share:
        camp = CAMPAIGNS[rng.randrange(len(CAMPAIGNS))]
        item.campaign = camp[0]
        item.date = campaign_date(rng, camp, now, future)
    elif future:
        item.date = at_minute(rng, now + dt.timedelta(hours=1), now + dt.timedelta(days=240))
    else:
        item.date = at_minute(rng, FIRST_DAY, now - dt.timedelta(hours=1))


def build_model(seed: int, n_articles: int, n_infographics: int, n_faq: int, now: dt.datetime):
    rng = random.Random(f"{seed}:model")
    used: set = set()
    articles = []
    for i in range(n_articles):
        a = Item("article", i)
        r = rng.random()
        # 7 % dated after `now`, 5 % written before but published after it, 3 % expired before it.
        tag(rng, a, used, 0.45, now, future=r < 0.07)
        if 0.07 <= r < 0.12:
            camp = next((c for c in CAMPAIGNS if c[0] == a.campaign), None)
            a.publish_at = (campaign_date(rng, camp, now, True) if camp
                            else at_minute(rng, now + dt.timedelta(hours=2), now + dt.timedelta(days=60)))
            a.date = min(a.date, now - dt.timedelta(hours=rng.randint(2, 24 * 30)))
        elif 0.12 <= r < 0.15:
            span = (now - a.date).total_seconds()
            a.expire_at = a.date + dt.timedelta(seconds=int(span * rng.uniform(0.2, 0.95)) // 60 * 60)
        elif r >= 0.15:
            s = rng.random()
            if s < 0.06:  # published a little after it was written, still before `now`
                later = a.date + dt.timedelta(hours=rng.randint(1, 72))
                if later < now:
                    a.publish_at = later
            elif s < 0.08:  # expires some day after `now`
                a.expire_at = at_minute(rng, now + dt.timedelta(days=10), now + dt.timedelta(days=400))
            elif s < 0.18:
                upd = a.date + dt.timedelta(days=rng.randint(1, 200), minutes=rng.randrange(600))
                if upd < now:
                    a.updated = upd
        a.draft = rng.random() < 0.02
        if rng.random() < 0.18:
            a.origin = "republished"
            a.source_url = f"https://{REPUBLISHERS[rng.randrange(len(REPUBLISHERS))]}/tin/{a.slug}-{1000 + i}.html"
        if rng.random() < 0.4:
            a.author = DESKS[rng.randrange(len(DESKS))]
        if rng.random() < 0.015:
            a.aliases = [f"/tin-cu/{100000 + i}/"]
        articles.append(a)

    infographics = []
    for i in range(n_infographics):
        g = Item("infographic", i)
        tag(rng, g, used, 0.5, now, future=rng.random() < 0.08)
        g.alt = f"Biểu đồ về {OBJECTS[rng.randrange(len(OBJECTS))]} cho {PEOPLE[rng.randrange(len(PEOPLE))]}"
        g.image = g.slug + ".png"
        g.size = (rng.randint(24, 64), rng.randint(16, 48))
        g.colours = [tuple(rng.randrange(256) for _ in range(3)) for _ in range(rng.randint(3, 6))]
        infographics.append(g)

    faq = []
    for i in range(n_faq):
        q = Item("faq", i)
        p = Prose(rng)
        q.title = (f"{cap(PEOPLE[rng.randrange(len(PEOPLE))])} muốn {ACTIONS[rng.randrange(len(ACTIONS))]} "
                   f"{OBJECTS[rng.randrange(len(OBJECTS))]} thì làm thế nào?")
        q.slug = new_slug(q.title, used)
        q.summary = p.sentence().replace("**", "")
        q.date = at_minute(rng, FIRST_DAY, now - dt.timedelta(days=1))
        faq.append(q)
    return articles, infographics, faq


# Body blocks: ("h2"|"h3", text) ("p", [segment]) ("ul"|"ol", [text]) ("table", head, rows)
# ("quote", text) ("img", infographic). A segment is a str, ("md", article) or ("path", url, text).

def words_of(block) -> int:
    kind = block[0]
    if kind in ("h2", "h3", "quote"):
        return len(block[1].split())
    if kind == "p":
        return sum(len((s if isinstance(s, str) else s[-1] if s[0] == "path" else s[1].title).split())
                   for s in block[1])
    if kind in ("ul", "ol"):
        return sum(len(x.split()) for x in block[1])
    if kind == "table":
        return sum(len(" ".join(row).split()) for row in [block[1], *block[2]])
    return 0


def article_blocks(seed: int, a: Item, targets, pictures):
    rng = random.Random(f"{seed}:article:{a.idx}")
    p = Prose(rng)
    target = rng.randint(400, 860)
    head = [("p", [p.paragraph(2, 3)])]
    if pictures and rng.random() < 0.25:
        head.append(("img", pictures[rng.randrange(len(pictures))]))
    sections = [[("h2", p.heading())] for _ in range(rng.randint(2, 5))]

    def somewhere(block):
        rng.choice(sections).append(block)

    somewhere(("ul", [p.item() for _ in range(rng.randint(3, 6))]))
    if rng.random() < 0.4:
        somewhere(("ol", [p.step(n) for n in range(1, rng.randint(3, 6) + 1)]))
    if rng.random() < 0.35:
        somewhere(p.table())
    if rng.random() < 0.3:
        somewhere(("quote", p.quote()))
    if rng.random() < 0.3:
        somewhere(("h3", p.heading()))
    if targets and rng.random() < 0.45:
        t = targets[rng.randrange(len(targets))]
        if t is not a:
            somewhere(("p", ["Xem thêm: ", ("md", t), "."]))
    if targets and rng.random() < 0.15:
        t = targets[rng.randrange(len(targets))]
        if t is not a:
            somewhere(("p", [p.sentence() + " Thông tin chi tiết có trong bài ", ("md", t), "."]))
    if rng.random() < 0.2:
        if a.campaign:
            camp = next(c for c in CAMPAIGNS if c[0] == a.campaign)
            somewhere(("p", [p.sentence() + " Xem lịch và thông điệp của ",
                             ("path", f"/chien-dich/{camp[0]}/", camp[1].lower()), "."]))
        else:
            aud = next(x for x in AUDIENCES if x[0] == a.audiences[0])
            somewhere(("p", [p.sentence() + " Các bài khác dành cho nhóm này ở mục ",
                             ("path", f"/doi-tuong/{aud[0]}/", aud[1].lower()), "."]))
    count = sum(words_of(b) for b in head) + sum(words_of(b) for s in sections for b in s)
    i = 0
    while count < target or i < len(sections):  # every section gets at least one paragraph
        sec = sections[i % len(sections)]
        sentences = []
        for _ in range(rng.randint(2, 5)):
            sentences.append(p.sentence())
            count += len(sentences[-1].split())
            if count >= target:
                break
        sec.insert(1 + rng.randrange(len(sec)), ("p", [" ".join(sentences)]))
        i += 1
    return head + [b for s in sections for b in s]


def infographic_blocks(seed: int, g: Item):
    rng = random.Random(f"{seed}:infographic:{g.idx}")
    p = Prose(rng)
    return [
        ("p", [f"**Tiêu đề:** {g.title}. Hình gồm {len(g.colours)} cột, mỗi cột là một nhóm số liệu."]),
        ("ol", [f"Cột {n}: {vn_int(rng.randint(100, 90000))} {UNITS[rng.randrange(len(UNITS))]}, "
                f"{p.item()}" for n in range(1, len(g.colours) + 1)]),
        ("p", [p.paragraph(1, 3)]),
    ]


def render(blocks, fmt: str) -> str:
    out = []
    for b in blocks:
        kind = b[0]
        if kind == "h2":
            out.append("## " + b[1])
        elif kind == "h3":
            out.append("### " + b[1])
        elif kind == "p":
            text = []
            for s in b[1]:
                if isinstance(s, str):
                    text.append(s)
                elif s[0] == "md":
                    t = s[1]
                    href = f"{t.slug}.md" if fmt == "loa" else '{{< relref "/tin-tuc/' + t.slug + '.md" >}}'
                    text.append(f"[{t.title}]({href})")
                else:
                    text.append(f"[{s[2]}]({s[1]})")
            out.append("".join(text))
        elif kind == "ul":
            out.append("\n".join("- " + x for x in b[1]))
        elif kind == "ol":
            out.append("\n".join(f"{n}. {x}" for n, x in enumerate(b[1], 1)))
        elif kind == "table":
            head, rows = b[1], b[2]
            lines = ["| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |"]
            lines += ["| " + " | ".join(r) + " |" for r in rows]
            out.append("\n".join(lines))
        elif kind == "quote":
            out.append("> " + b[1])
        elif kind == "img":
            g = b[1]
            src = f"../infographic/{g.image}" if fmt == "loa" else f"/infographic/{g.slug}/{g.image}"
            out.append(f"![{g.alt}]({src})")
    return "\n\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------
# Writers

def write(path: str, text: str):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(unicodedata.normalize("NFC", text))


def write_bytes(path: str, data: bytes):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def front(lines, params=None) -> str:
    body = list(lines)
    if params:
        body += ["[params]", *params]
    return "+++\n" + "\n".join(body) + "\n+++\n\n"


def fixed_text(seed: int, what: str, lo: int, hi: int, paragraphs: int = 2) -> str:
    p = Prose(random.Random(f"{seed}:{what}"))
    return "\n\n".join(p.paragraph(lo, hi) for _ in range(paragraphs)) + "\n"


def messages(seed: int, camp):
    rng = random.Random(f"{seed}:messages:{camp[0]}")
    p = Prose(rng)
    return {aud: [cap(p.item().replace("**", "")) for _ in range(rng.randint(1, 3))] for aud in camp[6]}


MENU = [("Tin tức", "/tin-tuc/"), ("Đối tượng", "/doi-tuong/"), ("Chiến dịch", "/chien-dich/"),
        ("Infographic", "/infographic/"), ("Hỏi đáp", "/hoi-dap/"), ("Giới thiệu", "/gioi-thieu/")]
SECTIONS = [("tin-tuc", "Tin tức", "Tin hoạt động, chính sách mới và hướng dẫn thủ tục."),
            ("infographic", "Infographic", "Số liệu và hướng dẫn bằng hình, kèm lời thuyết minh đầy đủ."),
            ("hoi-dap", "Hỏi đáp", "Giải đáp những câu hỏi người dân gửi về nhiều nhất.")]
STANDALONE = [("gioi-thieu", "Giới thiệu", "Chức năng, nhiệm vụ và tổ chức bộ máy."),
              ("lien-he", "Liên hệ", "Địa chỉ, số điện thoại và giờ tiếp dân.")]


def write_fixed(out: str, seed: int, fmt: str):
    c = os.path.join(out, "content")
    home_fm = [f"title = {tstr(SITE_TITLE)}", f"summary = {tstr(SITE_DESCRIPTION)}"]
    if fmt == "hugo":
        home_fm = [f"title = {tstr(SITE_TITLE)}", f"description = {tstr(SITE_DESCRIPTION)}"]
    write(os.path.join(c, "_index.md"), front(home_fm) + fixed_text(seed, "home", 3, 4))
    for slug, title, summary in SECTIONS:
        key = "summary" if fmt == "loa" else "description"
        write(os.path.join(c, slug, "_index.md"),
              front([f"title = {tstr(title)}", f"{key} = {tstr(summary)}"]) + fixed_text(seed, slug, 2, 3, 1))
    for slug, title, summary in STANDALONE:
        key = "summary" if fmt == "loa" else "description"
        path = os.path.join(c, "trang", slug + ".md") if fmt == "loa" else os.path.join(c, slug + ".md")
        write(path, front([f"title = {tstr(title)}", f"{key} = {tstr(summary)}"]) + fixed_text(seed, slug, 3, 5, 3))

    if fmt == "loa":
        write(os.path.join(c, "doi-tuong", "_index.md"),
              front(['title = "Đối tượng"', 'summary = "Thông tin dành riêng cho từng nhóm người đọc."']))
        write(os.path.join(c, "chien-dich", "_index.md"),
              front(['title = "Chiến dịch"', 'summary = "Lịch truyền thông hằng năm của ngành."']))
        for w, (slug, name, summary, slogans) in enumerate(AUDIENCES, 1):
            write(os.path.join(c, "doi-tuong", slug + ".md"),
                  front([f"title = {tstr(name)}", f"summary = {tstr(summary)}", f"weight = {w}",
                         f"slogans = {tlist(slogans)}"]) + fixed_text(seed, "audience:" + slug, 3, 5))
        for camp in CAMPAIGNS:
            slug, title, starts, ends, theme, slogan, auds = camp
            lines = [f"title = {tstr(title)}", f'starts = "{starts}"', f'ends = "{ends}"',
                     f"theme = {tstr(theme)}", f"slogan = {tstr(slogan)}", f"audiences = {tlist(auds)}", "",
                     "[messages]"]
            lines += [f"{aud} = {tlist(msgs)}" for aud, msgs in messages(seed, camp).items()]
            write(os.path.join(c, "chien-dich", slug + ".md"),
                  front(lines) + fixed_text(seed, "campaign:" + slug, 3, 5))
        return

    # Hugo: audiences, campaigns and topics are taxonomies whose term pages carry the text.
    for tax, title, summary in [("audiences", "Đối tượng", "Thông tin dành riêng cho từng nhóm người đọc."),
                                ("campaigns", "Chiến dịch", "Lịch truyền thông hằng năm của ngành."),
                                ("topics", "Chủ đề", "Các chương trình bảo hiểm và chủ đề lớn.")]:
        write(os.path.join(c, tax, "_index.md"), front([f"title = {tstr(title)}", f"description = {tstr(summary)}"]))
    for w, (slug, name, summary, slogans) in enumerate(AUDIENCES, 1):
        write(os.path.join(c, "audiences", slug, "_index.md"),
              front([f"title = {tstr(name)}", f'slug = "{slug}"', f"description = {tstr(summary)}", f"weight = {w}"],
                    [f"slogans = {tlist(slogans)}"]) + fixed_text(seed, "audience:" + slug, 3, 5))
    for w, camp in enumerate(CAMPAIGNS, 1):
        slug, title, starts, ends, theme, slogan, auds = camp
        params = [f'starts = "{starts}"', f'ends = "{ends}"', f"theme = {tstr(theme)}", f"slogan = {tstr(slogan)}",
                  f"audience_list = {tlist(auds)}", "[params.messages]"]
        params += [f"{aud} = {tlist(msgs)}" for aud, msgs in messages(seed, camp).items()]
        write(os.path.join(c, "campaigns", slug, "_index.md"),
              front([f"title = {tstr(title)}", f'slug = "{slug}"', f"weight = {w}"], params)
              + fixed_text(seed, "campaign:" + slug, 3, 5))
    for w, (slug, name) in enumerate(TOPICS, 1):
        write(os.path.join(c, "topics", slug, "_index.md"),
              front([f"title = {tstr(name)}", f'slug = "{slug}"', f"weight = {w}"]))


def loa_site_toml() -> str:
    lines = [f"title = {tstr(SITE_TITLE)}", f"base_url = {tstr(BASE_URL)}", f"description = {tstr(SITE_DESCRIPTION)}",
             'language = "vi"', 'timezone = "Asia/Ho_Chi_Minh"', f"hotline = {tstr(HOTLINE)}", "paginate = 20", "",
             "[topics]"]
    lines += [f"{slug} = {tstr(name)}" for slug, name in TOPICS]
    for name, url in MENU:
        lines += ["", "[[menus.main]]", f"name = {tstr(name)}", f"url = {tstr(url)}"]
    return "\n".join(lines) + "\n"


def hugo_config() -> str:
    lines = [
        f"title = {tstr(SITE_TITLE)}",
        f'baseURL = "{BASE_URL}/"',
        'locale = "vi"',
        'defaultContentLanguage = "vi"',
        'timeZone = "Asia/Ho_Chi_Minh"',
        "enableRobotsTXT = true",
        "disableHugoGeneratorInject = true",
        "# buildFuture, buildExpired and buildDrafts keep their default, false: like loa, Hugo skips",
        "# scheduled, expired and draft items (run it with --clock at loa's --now).",
        "",
        "[params]",
        f"description = {tstr(SITE_DESCRIPTION)}",
        f"hotline = {tstr(HOTLINE)}",
        "",
        "[pagination]",
        "pagerSize = 20",
        'path = "trang"',
        "",
        "[taxonomies]",
        'audience = "audiences"',
        'campaign = "campaigns"',
        'topic = "topics"',
        "",
        "[permalinks.taxonomy]",
        'audiences = "/doi-tuong/"',
        'campaigns = "/chien-dich/"',
        'topics = "/chu-de/"',
        "",
        "[permalinks.term]",
        'audiences = "/doi-tuong/:slug/"',
        'campaigns = "/chien-dich/:slug/"',
        'topics = "/chu-de/:slug/"',
        "",
        "[outputs]",
        'home = ["html", "rss"]',
        'section = ["html", "rss"]',
        'taxonomy = ["html"]',
        'term = ["html", "rss"]',
        'page = ["html"]',
        "",
        "[services.rss]",
        "limit = 20",
        "",
        "# loa minifies every page it writes; so does Hugo here.",
        "[minify]",
        "minifyOutput = true",
        "",
        "[related]",
        "includeNewer = true",
        "threshold = 20",
        "toLower = false",
        "[[related.indices]]",
        'name = "campaigns"',
        "weight = 100",
        "[[related.indices]]",
        'name = "topics"',
        "weight = 80",
        "[[related.indices]]",
        'name = "audiences"',
        "weight = 60",
    ]
    for w, (name, url) in enumerate(MENU, 1):
        lines += ["", "[[menus.main]]", f"name = {tstr(name)}", f"url = {tstr(url)}", f"weight = {w}"]
    return "\n".join(lines) + "\n"


def article_file(a: Item, body: str, fmt: str) -> str:
    if fmt == "loa":
        lines = [f"title = {tstr(a.title)}", f"summary = {tstr(a.summary)}", f"date = {tdate(a.date)}"]
        if a.updated:
            lines.append(f"updated = {tdate(a.updated)}")
        if a.publish_at:
            lines.append(f"publish_at = {tdate(a.publish_at)}")
        if a.expire_at:
            lines.append(f"expire_at = {tdate(a.expire_at)}")
        if a.draft:
            lines.append("draft = true")
        lines.append(f"audiences = {tlist(a.audiences)}")
        if a.campaign:
            lines.append(f"campaign = {tstr(a.campaign)}")
        lines.append(f"topics = {tlist(a.topics)}")
        if a.author:
            lines.append(f"author = {tstr(a.author)}")
        if a.origin != "original":
            lines += [f"origin = {tstr(a.origin)}", f"source_url = {tstr(a.source_url)}"]
        if a.aliases:
            lines.append(f"aliases = {tlist(a.aliases)}")
        return front(lines) + body
    lines = [f"title = {tstr(a.title)}", f"description = {tstr(a.summary)}", f"date = {tdate(a.date)}"]
    if a.updated:
        lines.append(f"lastmod = {tdate(a.updated)}")
    if a.publish_at:
        lines.append(f"publishDate = {tdate(a.publish_at)}")
    if a.expire_at:
        lines.append(f"expiryDate = {tdate(a.expire_at)}")
    if a.draft:
        lines.append("draft = true")
    lines.append(f"audiences = {tlist(a.audiences)}")
    if a.campaign:
        lines.append(f"campaigns = {tlist([a.campaign])}")
    lines.append(f"topics = {tlist(a.topics)}")
    if a.aliases:
        lines.append(f"aliases = {tlist(a.aliases)}")
    params = [f"origin = {tstr(a.origin)}"]
    if a.source_url:
        params.append(f"source_url = {tstr(a.source_url)}")
    if a.author:
        params.append(f"author = {tstr(a.author)}")
    return front(lines, params) + body


def infographic_file(g: Item, body: str, fmt: str, as_of: str, source: str) -> str:
    if fmt == "loa":
        lines = [f"title = {tstr(g.title)}", f"summary = {tstr(g.summary)}", f"date = {tdate(g.date)}",
                 f"image = {tstr(g.image)}", f"alt = {tstr(g.alt)}", f"source = {tstr(source)}",
                 f'data_as_of = "{as_of}"', f"audiences = {tlist(g.audiences)}"]
        if g.campaign:
            lines.append(f"campaign = {tstr(g.campaign)}")
        lines.append(f"topics = {tlist(g.topics)}")
        return front(lines) + body
    lines = [f"title = {tstr(g.title)}", f"description = {tstr(g.summary)}", f"date = {tdate(g.date)}",
             f"audiences = {tlist(g.audiences)}"]
    if g.campaign:
        lines.append(f"campaigns = {tlist([g.campaign])}")
    lines.append(f"topics = {tlist(g.topics)}")
    return front(lines, [f"image = {tstr(g.image)}", f"alt = {tstr(g.alt)}", f"source = {tstr(source)}",
                         f'data_as_of = "{as_of}"']) + body


def copy_hugo_files(out: str):
    for sub in ("layouts", "static"):
        src = os.path.join(HUGO_FILES, sub)
        for folder, _dirs, files in os.walk(src):
            for name in sorted(files):
                rel = os.path.relpath(os.path.join(folder, name), src)
                dst = os.path.join(out, sub, rel)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copyfile(os.path.join(folder, name), dst)


def source_hash() -> str:
    """Identifies this generator and its Hugo templates (a corpus made by another is stale)."""
    h = hashlib.sha256()
    h.update(open(os.path.abspath(__file__), "rb").read())
    for folder, dirs, files in os.walk(HUGO_FILES):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            h.update(os.path.relpath(path, HUGO_FILES).encode() + b"\0" + open(path, "rb").read())
    return h.hexdigest()[:16]


def generate(out_dirs: dict, seed: int, n_articles: int, n_infographics: int, n_faq: int, now: dt.datetime) -> dict:
    articles, infographics, faq = build_model(seed, n_articles, n_infographics, n_faq, now)
    targets = [a for a in articles if a.permanent(now)]
    pictures = [g for g in infographics if g.permanent(now)]

    for fmt, out in out_dirs.items():
        if fmt == "loa":
            write(os.path.join(out, "content", "site.toml"), loa_site_toml())
        else:
            write(os.path.join(out, "hugo.toml"), hugo_config())
            copy_hugo_files(out)
        write_fixed(out, seed, fmt)

    words = []
    for a in articles:
        blocks = article_blocks(seed, a, targets, pictures)
        words.append(sum(words_of(b) for b in blocks))
        for fmt, out in out_dirs.items():
            write(os.path.join(out, "content", "tin-tuc", a.slug + ".md"), article_file(a, render(blocks, fmt), fmt))
    for g in infographics:
        rng = random.Random(f"{seed}:infographic-meta:{g.idx}")
        as_of = (g.date - dt.timedelta(days=rng.randint(5, 60))).strftime("%Y-%m-%d")
        source = f"Số liệu của {DESKS[rng.randrange(len(DESKS))]}"
        body = render(infographic_blocks(seed, g), "loa")  # no links: the same in both layouts
        w, h = g.size
        bars = [(rng.randint(2, h), colour) for colour in g.colours]
        picture = png(w, h, (250, 248, 240), bars)
        for fmt, out in out_dirs.items():
            if fmt == "loa":
                base = os.path.join(out, "content", "infographic")
                write(os.path.join(base, g.slug + ".md"), infographic_file(g, body, fmt, as_of, source))
            else:
                base = os.path.join(out, "content", "infographic", g.slug)
                write(os.path.join(base, "index.md"), infographic_file(g, body, fmt, as_of, source))
            write_bytes(os.path.join(base, g.image), picture)
    for q in faq:
        body = fixed_text(seed, f"faq:{q.idx}", 2, 4, 2)
        for fmt, out in out_dirs.items():
            key = "summary" if fmt == "loa" else "description"
            write(os.path.join(out, "content", "hoi-dap", q.slug + ".md"),
                  front([f"title = {tstr(q.title)}", f"{key} = {tstr(q.summary)}", f"date = {tdate(q.date)}"]) + body)

    states = [a.state(now) for a in articles]
    return {
        "generator": "bench/gen_corpus.py",
        "generator_version": VERSION,
        "source_hash": source_hash(),
        "seed": seed,
        "now": tdate(now),
        "articles": n_articles,
        "infographics": n_infographics,
        "faq": n_faq,
        "articles_live": states.count("live"),
        "articles_scheduled": states.count("scheduled"),
        "articles_expired": states.count("expired"),
        "articles_draft": states.count("draft"),
        "articles_with_campaign": sum(a.campaign is not None for a in articles),
        "infographics_live": sum(g.state(now) == "live" for g in infographics),
        "words_min": min(words, default=0),
        "words_mean": round(sum(words) / len(words)) if words else 0,
        "words_max": max(words, default=0),
    }


def prepare(out: str, force: bool):
    if os.path.isdir(out) and os.listdir(out):
        if force and os.path.isfile(os.path.join(out, MARKER)):
            shutil.rmtree(out)
        else:
            sys.exit(f"gen_corpus: {out} exists and is not empty (--force replaces a folder this script wrote)")
    os.makedirs(out, exist_ok=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, required=True, help="news articles (content/tin-tuc)")
    ap.add_argument("--infographics", type=int, help="infographics (default: a tenth of the articles)")
    ap.add_argument("--faq", type=int, default=24, help="questions and answers (default %(default)s)")
    ap.add_argument("--format", choices=["loa", "hugo", "both"], default="both",
                    help="loa or hugo: write that site into --out; both (default): --out/loa and --out/hugo")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--now", default=REFERENCE_NOW, help="the reference instant (default %(default)s)")
    ap.add_argument("--force", action="store_true", help="replace --out if this script wrote it")
    args = ap.parse_args(argv)
    n_inf = args.articles // 10 if args.infographics is None else args.infographics
    if min(args.articles, n_inf, args.faq) < 0:
        ap.error("counts must not be negative")
    now = dt.datetime.fromisoformat(args.now)
    if now.tzinfo is None:
        ap.error("--now needs an offset, e.g. 2026-11-22T00:00:00+07:00")
    out = os.path.abspath(args.out)
    if args.format == "both":
        prepare(out, args.force)
        dirs = {"loa": os.path.join(out, "loa"), "hugo": os.path.join(out, "hugo")}
    else:
        dirs = {args.format: out}
    for d in dirs.values():
        prepare(d, args.force)
    stats = generate(dirs, args.seed, args.articles, n_inf, args.faq, now)
    for fmt, d in [*dirs.items(), *([("both", out)] if args.format == "both" else [])]:
        with open(os.path.join(d, MARKER), "w", encoding="utf-8") as f:
            json.dump({**stats, "format": fmt}, f, ensure_ascii=False, indent=1, sort_keys=True)
            f.write("\n")
    print(json.dumps(stats, ensure_ascii=False, sort_keys=True), file=sys.stderr)


if __name__ == "__main__":
    main()
