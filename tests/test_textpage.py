"""Tests for the plain-text rendering cleaner: the seed pages plus synthetic templates."""

from __future__ import annotations

import random
import re
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:  # the package is not installed in the venv
    sys.path.insert(0, str(REPO_ROOT))

from transforms import textpage  # noqa: E402
from transforms.dates import find_date, parse_iso_date, strip_leading_date_label  # noqa: E402
from transforms.textpage import clean_text_rendering  # noqa: E402

SEEDS = REPO_ROOT / "seeds"
_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-"})


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).translate(_FOLD).lower()
    return re.findall(r"\w+", text)


def _shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    tokens = _tokens(text)
    return {tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1))}


def _jaccard(a: str, b: str) -> float:
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 1.0


# --- seeds -------------------------------------------------------------------------------------


def test_seed_001_chrome_removed() -> None:
    text = clean_text_rendering(_seed("001")).text
    lines = text.splitlines()
    assert not any(line.lstrip().startswith("•") for line in lines)
    assert "Register now" not in text
    assert "©" not in text and "All Rights Reserved" not in text
    assert "Lorem ipsum" not in text
    assert "placeholder alt text" not in text
    assert "Getty Images" not in text
    assert "About the Author" not in text
    assert "is an award-winning senior reporter" not in text  # author bio
    assert not any(line.strip() in {"By", "Eleanor Pringle"} for line in lines)
    assert not any(line.startswith("By ") for line in lines)


def test_seed_001_matches_clean_copy() -> None:
    rendered = clean_text_rendering(_seed("001")).text
    clean = clean_text_rendering(_seed("000")).text
    assert _jaccard(rendered, clean) >= 0.9


def test_seed_001_metadata() -> None:
    result = clean_text_rendering(_seed("001"))
    assert result.title == (
        "Elon Musk wants to meet Alex Soros to ‘understand his goals’ after comparing his "
        "billionaire dad George to an X-Men villain"
    )
    assert result.author == "Eleanor Pringle"
    assert result.published is not None
    assert result.published.tzinfo is not None
    assert result.published.date() == date(2024, 11, 20)
    assert result.language == "en"


def test_seed_003_leading_date_label() -> None:
    result = clean_text_rendering(_seed("003"))
    assert result.published is not None
    assert result.published.date() == date(2024, 11, 20)
    assert not result.text.lower().startswith("date")
    assert result.text.startswith("Tesla CEO Elon Musk")


@pytest.mark.parametrize("prefix", ["000", "002"])
def test_clean_seeds_kept_whole(prefix: str) -> None:
    raw = _seed(prefix)
    text = clean_text_rendering(raw).text
    raw_tokens, kept_tokens = _tokens(raw), _tokens(text)
    assert len(kept_tokens) >= 0.98 * len(raw_tokens)
    assert _jaccard(raw, text) >= 0.98


def test_seed_000_keeps_subheading() -> None:
    text = clean_text_rendering(_seed("000")).text
    assert "Soros vs. Trump" in text.split("\n\n")


# --- synthetic templates -----------------------------------------------------------------------

OTHER_TEMPLATE = """\
Skip to main content
We use cookies to improve your experience on our website. By continuing to browse this site \
you agree to our use of cookies.
Accept all
Menu
- World
- Business
- Science
- Opinion
- Sport
World | Europe
Harbour town votes to rebuild its flooded sea wall with money from a local bond
Written by Maria Delgado-Ruiz
Published 3 March 2023, 14:05 GMT
Share this article
Facebook
Twitter
Email
The small harbour town voted on Tuesday to rebuild the sea wall that failed during the winter \
storms, paying for the work with a bond that residents will be able to buy directly.
Officials said the old wall had been patched so many times that engineers could no longer say \
how much of the original structure was still standing, and that a full rebuild was the only \
safe option.
Residents packed the town hall for the vote. Many of them had spent weeks clearing mud and \
sand out of their homes after the water came over the wall in January.
What happens next
Construction is expected to start in the autumn and to last about two years, during which the \
harbour will stay open to fishing boats but closed to most visitors.
The mayor said the town would publish the full cost of the project once the first contracts \
had been signed, and that residents would be able to follow the work on a public website.
Photo: Maria Delgado-Ruiz / Staff
Related stories
- Storm damage bill rises again as insurers count the cost of the winter
- Coastal towns ask for more help from the national government
- Fishing fleet returns to sea after weeks in port
Sign up for our morning newsletter and get the day's top stories in your inbox. Subscribe today!
Copyright 2023 Example Media Group. All rights reserved.
Terms of Service | Privacy Policy | Contact us
"""


def test_other_template_body_survives_and_chrome_goes() -> None:
    result = clean_text_rendering(OTHER_TEMPLATE)
    text = result.text
    assert text.startswith("The small harbour town voted on Tuesday")
    assert text.endswith("follow the work on a public website.")
    assert "What happens next" in text.split("\n\n")  # subheading between paragraphs
    for chrome in (
        "cookies",
        "Share this article",
        "Facebook",
        "Related stories",
        "Storm damage bill",
        "newsletter",
        "Copyright",
        "Privacy Policy",
        "Photo:",
        "Written by",
        "World | Europe",
    ):
        assert chrome not in text, chrome
    assert result.title == (
        "Harbour town votes to rebuild its flooded sea wall with money from a local bond"
    )
    assert result.author == "Maria Delgado-Ruiz"
    assert result.published is not None
    assert result.published.date() == date(2023, 3, 3)
    assert result.language == "en"


BIO_AND_FOOTER_DATES = """\
Home
News
Local council approves a new cycling lane along the river path
By Tom Baker
The council approved a new cycling lane along the river path on Monday evening, after a long \
debate in which residents argued about parking and about the safety of children walking to \
school.
Supporters said the lane would make it easier for people to leave the car at home, while \
opponents said the money should have been spent on repairing the roads that are already there.
Work on the lane is due to begin next spring, the council said in a statement after the meeting.
Tom Baker is a reporter covering local government, transport and the environment for the paper\
 since 2015.
Most Popular
Ten things to do this weekend in the city
January 5, 2021
"""


def test_bio_and_footer_dates_are_not_used() -> None:
    result = clean_text_rendering(BIO_AND_FOOTER_DATES)
    assert result.author == "Tom Baker"
    assert "Tom Baker is a reporter" not in result.text
    assert "Ten things to do" not in result.text
    assert result.published is None  # the only date is in a related list
    assert result.text.startswith("The council approved")
    assert result.text.endswith("after the meeting.")


POST_BODY = [
    f"Paragraph {i} of the post explains in full sentences how the owner of a small bakery "
    "learned to share her work online, one careful step at a time."
    for i in range(4)
]
READER_COMMENT = (
    "I feel we all have our different comfort zones, and mapping a journey that builds on "
    "our growing comfort is important."
)


def test_a_comment_thread_heading_ends_the_article() -> None:
    sentence = (
        "Two responses to the ruling emerged in Congress within the hour, and both sides said so."
    )
    raw = "\n".join([*POST_BODY[:2], sentence, *POST_BODY[2:]])
    heading = "6 thoughts on \u201cHow to Share Your Work Online\u201d"
    text = clean_text_rendering("\n".join([raw, heading, READER_COMMENT])).text
    assert text.startswith("Paragraph 0") and text.endswith("one careful step at a time.")
    assert sentence in text  # a sentence that starts like the heading is prose
    assert "comfort zones" not in text


@pytest.mark.parametrize("header", ["Jane Miller wrote:", "Report"])
def test_a_reader_comment_header_ends_the_article(header: str) -> None:
    text = clean_text_rendering("\n".join([*POST_BODY, header, READER_COMMENT])).text
    assert text.startswith("Paragraph 0") and text.endswith("one careful step at a time.")
    assert "comfort zones" not in text


def test_site_chrome_lines_dropped() -> None:
    raw = (
        "Our reporters are independent and our journalism is paid for by readers like you.\n"
        + "\n".join(
            f"Paragraph {i} of the article explains in full sentences what happened in the town "
            "and why the people who live there care about it so much."
            for i in range(4)
        )
    )
    chrome = frozenset(
        {"our reporters are independent and our journalism is paid for by readers like you"}
    )
    assert "Our reporters" in clean_text_rendering(raw).text
    assert "Our reporters" not in clean_text_rendering(raw, site_chrome=chrome).text


def test_lorem_ipsum_only_page_is_empty() -> None:
    raw = "\n".join(["Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do."] * 5)
    assert clean_text_rendering(raw).text == ""


@pytest.mark.parametrize("raw", ["", "   ", "\n\n\t\n", "\u200b\n\u00a0"])
def test_empty_input(raw: str) -> None:
    result = clean_text_rendering(raw)
    assert result.text == ""
    assert result.title is None and result.author is None


def test_random_garbage_does_not_raise() -> None:
    rng = random.Random(7)
    alphabet = "abcXYZ019 .,:;!?•-–—©|\n\t\"'‘’“”é中文\u200b"
    for _ in range(200):
        raw = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
        result = clean_text_rendering(raw)
        assert isinstance(result.text, str)


# --- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("November 20, 2024, 6:52 AM ET", date(2024, 11, 20)),
        ("Nov. 20, 2024", date(2024, 11, 20)),
        ("20 November 2024", date(2024, 11, 20)),
        ("2024-11-20", date(2024, 11, 20)),
        ("Updated: Sept 3rd, 2019 at 10:05 am", date(2019, 9, 3)),
    ],
)
def test_find_date_formats(text: str, expected: date) -> None:
    found = find_date(text)
    assert found is not None
    assert found[0].date() == expected
    assert found[0].tzinfo is not None


def test_find_date_rejects_non_dates() -> None:
    assert find_date("May 2023 was warm") is None
    assert find_date("at 6:52 AM") is None
    assert find_date("February 30, 2024") is None


def test_strip_leading_date_label() -> None:
    published, rest = strip_leading_date_label(" date 2024-11-20 Tesla CEO spoke.")
    assert published is not None and published.date() == date(2024, 11, 20)
    assert rest == "Tesla CEO spoke."
    assert strip_leading_date_label("Date night ideas for 2024")[0] is None


def test_parse_iso_date_unchanged() -> None:
    assert parse_iso_date("2024-11-20") is not None
    assert parse_iso_date(None) is None


def test_line_key_caches_short_lines_only() -> None:
    """Chrome lines repeat across a site's pages and are keyed from the cache; prose is not
    cached. Keys are the same either way: the words of the normalised line."""
    textpage._cached_line_key.cache_clear()
    menu = "  \u201cWorld\u201d \u2014 Politics  "
    prose = "The council voted \u201cyes\u201d on Tuesday. " * 20
    assert len(prose) > textpage.CACHED_KEY_MAX_CHARS
    assert textpage.line_key(menu) == "world politics"
    assert textpage.line_key(menu) == "world politics"
    assert textpage.line_key(prose) == " ".join(["the council voted yes on tuesday"] * 20)
    info = textpage._cached_line_key.cache_info()
    assert (info.hits, info.misses, info.currsize) == (1, 1, 1)
    longest_cached = "x" * textpage.CACHED_KEY_MAX_CHARS
    assert textpage.line_key(longest_cached) == longest_cached
    assert textpage.line_key(longest_cached + "x") == longest_cached + "x"
    assert textpage._cached_line_key.cache_info().currsize == 2


# --- other languages and scripts ---------------------------------------------------------------
# One story (a harbour town votes to rebuild its sea wall) in languages with and without a
# jusText stop list, spaced and spaceless scripts: menu, headline, five paragraphs, a related
# list under its heading and a footer, all in the page's language.


@dataclass(frozen=True)
class _Page:
    menu: tuple[str, ...]
    title: str
    paragraphs: tuple[str, ...]
    related: tuple[str, ...]  # heading, then the teasers
    footer: tuple[str, ...]

    def rendering(self) -> str:
        lines = [*self.menu, self.title, *self.paragraphs, *self.related, *self.footer]
        return "\n".join(lines) + "\n"


PAGES = {
    "ar": _Page(
        menu=("الرئيسية", "أخبار", "اقتصاد", "رياضة", "ثقافة", "رأي"),
        title="البلدة الساحلية تصوت على إعادة بناء الجدار البحري بعد عواصف الشتاء",
        paragraphs=(
            "صوّت سكان البلدة الساحلية الصغيرة يوم الثلاثاء على إعادة بناء الجدار البحري الذي "
            "انهار خلال عواصف الشتاء، على أن تموَّل الأعمال بسندات يمكن للسكان شراؤها مباشرة.",
            "وقال المسؤولون إن الجدار القديم خضع للترميم مرات كثيرة حتى أصبح المهندسون غير "
            "قادرين على تحديد ما تبقى من البناء الأصلي، وإن إعادة البناء الكاملة هي الخيار "
            "الآمن الوحيد.",
            "واكتظت قاعة البلدية بالسكان خلال التصويت، وكان كثير منهم قد أمضوا أسابيع في إزالة "
            "الطين والرمال من منازلهم بعد أن تجاوزت المياه الجدار في شهر يناير.",
            "ومن المتوقع أن تبدأ أعمال البناء في الخريف وأن تستمر نحو عامين، وسيبقى الميناء "
            "خلال هذه الفترة مفتوحا أمام قوارب الصيد لكنه سيغلق أمام معظم الزوار.",
            "وأكد رئيس البلدية أن البلدة ستنشر التكلفة الكاملة للمشروع بعد توقيع العقود الأولى، "
            "وأن السكان سيتمكنون من متابعة سير العمل عبر موقع إلكتروني عام.",
        ),
        related=(
            "أخبار ذات صلة",
            "فاتورة أضرار العاصفة ترتفع مجددا مع إحصاء شركات التأمين للخسائر",
            "المدن الساحلية تطلب مزيدا من المساعدة من الحكومة",
            "أسطول الصيد يعود إلى البحر بعد أسابيع في الميناء",
        ),
        footer=(
            "© 2023 مجموعة الإعلام. جميع الحقوق محفوظة.",
            "سياسة الخصوصية | شروط الاستخدام | اتصل بنا",
        ),
    ),
    "hi": _Page(
        menu=("होम", "समाचार", "व्यापार", "खेल", "मनोरंजन", "राय"),
        title="तटीय शहर ने सर्दियों के तूफ़ान के बाद समुद्री दीवार दोबारा बनाने के लिए मतदान किया",
        paragraphs=(
            "छोटे तटीय शहर के निवासियों ने मंगलवार को उस समुद्री दीवार को दोबारा बनाने के पक्ष में "
            "मतदान किया जो सर्दियों के तूफ़ानों में टूट गई थी, और काम का खर्च ऐसे बॉन्ड से उठाया "
            "जाएगा जिन्हें निवासी सीधे ख़रीद सकेंगे।",
            "अधिकारियों ने कहा कि पुरानी दीवार की इतनी बार मरम्मत हो चुकी थी कि इंजीनियर अब यह नहीं "
            "बता सकते थे कि मूल ढांचे का कितना हिस्सा बचा है, और पूरी तरह नया निर्माण ही एकमात्र "
            "सुरक्षित विकल्प है।",
            "मतदान के दौरान नगर भवन निवासियों से भरा हुआ था। जनवरी में पानी के दीवार के ऊपर से आने के "
            "बाद उनमें से कई लोगों ने हफ़्तों तक अपने घरों से कीचड़ और रेत साफ़ की थी।",
            "निर्माण का काम पतझड़ में शुरू होकर लगभग दो साल चलने की उम्मीद है, और इस दौरान बंदरगाह "
            "मछली पकड़ने वाली नावों के लिए खुला रहेगा लेकिन ज़्यादातर पर्यटकों के लिए बंद रहेगा।",
        ),
        related=(
            "संबंधित ख़बरें",
            "बीमा कंपनियों के नुक़सान गिनने के साथ तूफ़ान से हुई क्षति का बिल फिर बढ़ा",
            "तटीय शहरों ने सरकार से और मदद मांगी",
        ),
        footer=("© 2023 उदाहरण मीडिया समूह। सर्वाधिकार सुरक्षित।", "गोपनीयता नीति | उपयोग की शर्तें"),
    ),
    "lv": _Page(
        menu=("Sākums", "Ziņas", "Ekonomika", "Sports", "Kultūra", "Viedokļi"),
        title="Piekrastes pilsēta balso par jūras mola atjaunošanu pēc ziemas vētrām",
        paragraphs=(
            "Mazās piekrastes pilsētas iedzīvotāji otrdien nobalsoja par to, lai atjaunotu jūras "
            "molu, kas ziemas vētrās sabruka, un darbus finansētu ar obligācijām, kuras "
            "iedzīvotāji varēs iegādāties tieši.",
            "Amatpersonas sacīja, ka vecais mols ir lāpīts tik daudz reižu, ka inženieri vairs "
            "nevar pateikt, cik daudz no sākotnējās būves vēl ir palicis, un ka pilnīga pārbūve "
            "ir vienīgā drošā izvēle.",
            "Balsojuma laikā pilsētas zāle bija pārpildīta. Daudzi no klātesošajiem vairākas "
            "nedēļas bija tīrījuši dubļus un smiltis no savām mājām pēc tam, kad janvārī ūdens "
            "pārskalojās pāri molam.",
            "Būvdarbus paredzēts sākt rudenī, un tie ilgs aptuveni divus gadus. Šajā laikā osta "
            "paliks atvērta zvejas laivām, bet lielākajai daļai apmeklētāju tā būs slēgta.",
            "Mērs sacīja, ka pilsēta publiskos projekta pilnās izmaksas, tiklīdz būs parakstīti "
            "pirmie līgumi, un ka iedzīvotāji varēs sekot darbu gaitai publiskā tīmekļa vietnē.",
        ),
        related=(
            "Saistītās ziņas",
            "Vētras postījumu rēķins atkal pieaug, apdrošinātājiem skaitot zaudējumus",
            "Piekrastes pilsētas lūdz valdībai vairāk palīdzības",
            "Zvejas flote pēc vairākām nedēļām ostā atgriežas jūrā",
        ),
        footer=(
            "© 2023 Mediju grupa. Visas tiesības aizsargātas.",
            "Privātuma politika | Lietošanas noteikumi | Kontakti",
        ),
    ),
    "zh": _Page(
        menu=("首页", "新闻", "财经", "体育", "文化", "评论"),
        title="沿海小镇投票决定重建被冬季风暴冲毁的海堤",
        paragraphs=(
            "这个沿海小镇的居民周二投票决定重建在冬季风暴中损毁的海堤，"
            "工程资金将通过发行债券筹集，居民可以直接购买这些债券。",
            "官员表示，旧海堤多年来被反复修补，工程师已经无法判断原有结构还剩下多少，"
            "全面重建是唯一安全的选择。",
            "投票当天，镇政府大厅挤满了居民。今年一月海水漫过海堤之后，"
            "他们中的许多人花了好几个星期清理家中的淤泥和沙子。",
            "工程预计将于秋季开工，持续大约两年。在此期间，港口将继续向渔船开放，"
            "但不再接待大多数游客。",
            "镇长说，在第一批合同签订之后，镇政府将公布项目的全部费用，"
            "居民也可以通过一个公开网站了解工程进展。",
        ),
        related=(
            "相关新闻",
            "保险公司统计损失 风暴损害账单再度上升",
            "沿海城镇请求中央政府提供更多援助",
            "渔船队在港口停留数周后重新出海",
        ),
        footer=("© 2023 示例传媒集团 版权所有", "隐私政策 | 使用条款 | 联系我们"),
    ),
    "ja": _Page(
        menu=("ホーム", "ニュース", "経済", "スポーツ", "文化", "オピニオン"),
        title="沿岸の町、冬の嵐で崩れた防波堤の再建を住民投票で決定",
        paragraphs=(
            "小さな沿岸の町の住民は火曜日、冬の嵐で崩れた防波堤を再建することを投票で決めた。"
            "工事の費用は、住民が直接購入できる債券でまかなわれる。",
            "当局者によると、古い防波堤は何度も補修されてきたため、元の構造がどれだけ残って"
            "いるのか技術者にも分からなくなっており、全面的な再建が唯一の安全な選択肢だという。",
            "投票の日、町役場は住民でいっぱいになった。一月に海水が防波堤を越えて以来、"
            "多くの人が何週間もかけて家の中の泥や砂を取り除いてきた。",
            "工事は秋に始まり、およそ二年続く見通しだ。その間、港は漁船には開かれたままだが、"
            "ほとんどの観光客には閉鎖される。",
            "町長は、最初の契約が結ばれた後に事業の総費用を公表し、住民が公開のウェブサイトで"
            "工事の進み具合を確認できるようにすると述べた。",
        ),
        related=(
            "関連ニュース",
            "嵐の被害額がさらに拡大、保険会社が損失を集計",
            "沿岸の町々が政府にさらなる支援を要請",
            "漁船団、数週間の停泊を経て再び海へ",
        ),
        footer=(
            "© 2023 サンプルメディア All rights reserved.",
            "プライバシーポリシー | 利用規約 | お問い合わせ",
        ),
    ),
    "th": _Page(
        menu=("หน้าแรก", "ข่าว", "เศรษฐกิจ", "กีฬา", "วัฒนธรรม", "ความคิดเห็น"),
        title="เมืองชายฝั่งลงมติสร้างกำแพงกันคลื่นใหม่หลังพายุฤดูหนาว",
        paragraphs=(
            "ชาวเมืองชายฝั่งเล็ก ๆ แห่งนี้ลงมติเมื่อวันอังคารให้สร้างกำแพงกันคลื่นที่พังลง"
            "ระหว่างพายุฤดูหนาวขึ้นใหม่ โดยจะใช้เงินจากพันธบัตรที่ชาวเมืองสามารถซื้อได้โดยตรง",
            "เจ้าหน้าที่กล่าวว่ากำแพงเก่าถูกซ่อมแซมมาหลายครั้งจนวิศวกรไม่สามารถบอกได้ว่า"
            "โครงสร้างเดิมยังเหลืออยู่มากเพียงใด และการสร้างใหม่ทั้งหมดเป็นทางเลือกเดียว"
            "ที่ปลอดภัย",
            "ชาวเมืองจำนวนมากมาร่วมการลงมติที่ศาลากลาง หลายคนใช้เวลาหลายสัปดาห์ในการขนโคลน"
            "และทรายออกจากบ้านหลังจากน้ำทะเลไหลข้ามกำแพงเข้ามาในเดือนมกราคม",
            "คาดว่างานก่อสร้างจะเริ่มในฤดูใบไม้ร่วงและใช้เวลาประมาณสองปี ในช่วงเวลาดังกล่าว"
            "ท่าเรือจะยังเปิดให้เรือประมงใช้งาน แต่จะปิดไม่ให้นักท่องเที่ยวส่วนใหญ่เข้า",
            "นายกเทศมนตรีกล่าวว่าเมืองจะเปิดเผยค่าใช้จ่ายทั้งหมดของโครงการเมื่อลงนามในสัญญา"
            "ฉบับแรกแล้ว และชาวเมืองจะสามารถติดตามความคืบหน้าของงานได้ทางเว็บไซต์สาธารณะ",
        ),
        related=(
            "ข่าวที่เกี่ยวข้อง",
            "ความเสียหายจากพายุเพิ่มขึ้นอีกขณะบริษัทประกันนับความสูญเสีย",
            "เมืองชายฝั่งขอความช่วยเหลือเพิ่มเติมจากรัฐบาล",
            "กองเรือประมงกลับสู่ทะเลหลังจอดอยู่ในท่าหลายสัปดาห์",
        ),
        footer=(
            "© 2023 กลุ่มสื่อตัวอย่าง สงวนลิขสิทธิ์",
            "นโยบายความเป็นส่วนตัว | ข้อกำหนดการใช้งาน | ติดต่อเรา",
        ),
    ),
}


@pytest.mark.parametrize("language", sorted(PAGES))
def test_prose_kept_and_chrome_dropped_in_every_language(language: str) -> None:
    page = PAGES[language]
    result = clean_text_rendering(page.rendering())
    assert result.text == "\n\n".join(page.paragraphs)
    assert result.language == language
    assert result.title == page.title
