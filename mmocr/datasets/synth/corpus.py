"""Text to render: charsets, text sources and receipt content.

A *source* has ``sample(rng) -> str``; sources never touch global random
state, so a sample depends only on the generator it is given. Every text is
passed through :meth:`Charset.normalize` before rendering so that labels only
hold characters the recognizer's dictionary has.
"""
from __future__ import annotations

import os.path as osp
import re
import string
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from mmocr.utils.errors import InvalidValueError
from mmocr.utils.string_util import read_dict_file, read_text_lines

__all__ = [
    'Charset', 'TextSource', 'WordListSource', 'RandomStringSource',
    'WordSource', 'NumberSource', 'DateSource', 'PriceSource',
    'ReceiptLineSource', 'MixedSource', 'ChineseLineSource', 'Segment',
    'Row', 'ReceiptContent',
    'build_source', 'BUILTIN_CHARSETS'
]

# Same strings as mmocr.models.textrecog.convertors.base (MMOCR 0.x);
# tests check they stay equal.
_DICT36 = '0123456789abcdefghijklmnopqrstuvwxyz'
_DICT90 = (_DICT36 + 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
           '!"#$%&\'()*+,-./:;<=>?@[\\]_`~')
BUILTIN_CHARSETS = {
    'DICT36': _DICT36,
    'DICT90': _DICT90,
    'DICT91': _DICT90 + ' ',
    'ASCII': string.digits + string.ascii_letters + string.punctuation + ' ',
}


class Charset:
    """The characters labels may hold.

    Args:
        chars: The characters (order kept, duplicates dropped).

    A charset with lower-case letters and no upper-case ones (``DICT36``)
    lower-cases texts; one with only upper-case letters upper-cases them.
    """

    def __init__(self, chars: str):
        chars = ''.join(dict.fromkeys(chars))
        if not chars.strip():
            raise InvalidValueError('a charset needs at least one visible character')
        self.chars = chars
        self._set = frozenset(chars)
        has_lower = any(c.islower() for c in chars)
        has_upper = any(c.isupper() for c in chars)
        self.case = ('lower' if has_lower and not has_upper else
                     'upper' if has_upper and not has_lower else None)

    @classmethod
    def from_spec(cls, spec: str | None) -> Charset:
        """``DICT36``/``DICT90``/``DICT91``/``ASCII`` or a dictionary file
        (the recognizers' ``dict_file`` format, read by
        :func:`~mmocr.utils.string_util.read_dict_file`: a byte-order mark
        and CRLF line ends are fine). None gives ``DICT91``."""
        if spec is None:
            spec = 'DICT91'
        if spec.upper() in BUILTIN_CHARSETS:
            return cls(BUILTIN_CHARSETS[spec.upper()])
        if not osp.isfile(spec):
            raise FileNotFoundError(
                f'charset {spec!r} is neither one of '
                f'{sorted(BUILTIN_CHARSETS)} nor an existing dictionary file')
        return cls(''.join(read_dict_file(spec)))

    @property
    def has_space(self) -> bool:
        return ' ' in self._set

    def __contains__(self, char: str) -> bool:
        return char in self._set

    def normalize(self, text: str) -> str:
        """``text`` mapped to this charset: case folded when the charset has
        one case, other characters dropped, runs of spaces collapsed (and
        spaces dropped when the charset has none)."""
        if self.case == 'lower':
            text = text.lower()
        elif self.case == 'upper':
            text = text.upper()
        text = ''.join(c if c in self._set else
                       (' ' if c.isspace() else '') for c in text)
        text = re.sub(r' +', ' ', text).strip()
        if not self.has_space:
            text = text.replace(' ', '')
        return text


class TextSource:
    """Base of the text sources: ``sample(rng) -> str``.

    ``whole_lines``: a sample is a whole text line, rendered as it is (not
    split into words and joined with others).
    """

    whole_lines = False

    def sample(self, rng: np.random.Generator) -> str:
        raise NotImplementedError


def _pick(rng: np.random.Generator, items: Sequence):
    return items[int(rng.integers(len(items)))]


class WordListSource(TextSource):
    """Lines of a text file (one word or text line per line).

    Args:
        path: UTF-8 file; blank lines are skipped; a byte-order mark and
            Windows or old Mac line ends are accepted
            (:func:`~mmocr.utils.string_util.read_text_lines`).
    """

    def __init__(self, path: str):
        if not osp.isfile(path):
            raise FileNotFoundError(f'corpus file not found: {path}')
        self.lines = [ln.strip() for ln in read_text_lines(path) if ln.strip()]
        if not self.lines:
            raise InvalidValueError(f'corpus file {path} has no text lines')

    def sample(self, rng: np.random.Generator) -> str:
        return _pick(rng, self.lines)


class RandomStringSource(TextSource):
    """Random strings over ``chars`` (length ``min_len..max_len``)."""

    def __init__(self, chars: str, min_len: int = 1, max_len: int = 12):
        self.chars = [c for c in chars if c != ' ']
        if not self.chars or min_len < 1 or max_len < min_len:
            raise InvalidValueError('RandomStringSource needs visible chars and '
                                    f'1 <= min_len <= max_len, got {min_len}, '
                                    f'{max_len}')
        self.min_len, self.max_len = min_len, max_len

    def sample(self, rng: np.random.Generator) -> str:
        n = int(rng.integers(self.min_len, self.max_len + 1))
        idx = rng.integers(len(self.chars), size=n)
        return ''.join(self.chars[i] for i in idx)


# Common English words, shop and street vocabulary (scene text, receipts).
_WORDS = (
    'the of and to in for is on that by this with you it not or be are from '
    'at as your all have new more an was we will home can us about if page '
    'my has search free but our one other do no information time they site '
    'he up may what which their news out use any there see only so his when '
    'contact here business who web also now help get view online first am '
    'been would how were me services some these click its like service than '
    'find price date back top people had list name just over state year day '
    'into email two health world next used go work last most products music '
    'buy data make them should product system post her city add policy '
    'number such please available copyright support message after best '
    'software then jan good video well where info rights public books high '
    'school through each links she review years order very privacy book '
    'items company read group need many user said does set under general '
    'research university january mail full map reviews program life know '
    'games way days management part could great united hotel real item '
    'international center store travel comments made development report off '
    'member details line terms before hotels did send right type because '
    'local those using results office education national car design take '
    'posted internet address community within states area want phone shipping '
    'reserved subject between forum family long based code show even black '
    'check special prices website index being women much sign file link open '
    'today technology south case project same pages version section own found '
    'sports house related security both county american photo game members '
    'power while care network down computer systems three total place end '
    'following download him without per access think north resources current '
    'posts big media law control water history pictures size art personal '
    'since including guide shop directory board location change white text '
    'small rating rate government children during usa return students '
    'shopping account times sites level digital profile previous form events '
    'love old john main call hours image department title description insurance '
    'another why shall property class still money quality every listing '
    'content country private little visit save tools low reply customer '
    'december compare movies include college value article york man card jobs '
    'provide food source author different press learn sale around print course '
    'job canada process teen room stock training too credit point join science '
    'men categories advanced west sales look english left team estate box '
    'conditions select windows photos gay thread week category note live large '
    'gallery table register however june october november market library '
    'really action start series model features air industry plan human '
    'provided yes required second hot accessories cost movie forums march la '
    'september better say questions july yahoo going medical test friend come '
    'server study application cart staff articles san feedback again play '
    'looking issues april never users complete street topic comment financial '
    'things working against standard tax person below mobile less got blog '
    'party payment equipment login student let programs offers legal above '
    'recent park stores side act problem red give memory performance social '
    'august quote language story sell options experience rates create key '
    'body young america important field few east paper single age activities '
    'club example girls additional password latest something road gift '
    'question changes night hard texas oct pay four poker status browse issue '
    'range building seller court february always result audio light write war '
    'nov offer blue groups easy given files event release analysis request '
    'fax china making picture needs possible might professional yet month '
    'major star areas future space committee hand sun cards problems london '
    'washington meeting become interest child keep enter california share '
    'similar garden schools million added reference companies listed baby '
    'learning energy run delivery net popular term film stories put computers '
    'journal reports try welcome central images president notice god original '
    'head radio until cell color self council away includes track australia '
    'discussion archive once others entertainment agreement format least '
    'society months log safety friends sure faq trade edition cars messages '
    'marketing tell further updated association able having provides david '
    'fun already green studies close common drive specific several gold feb '
    'living sep collection called short arts lot ask display limited powered '
    'solutions means director daily beach past natural whether due electronics '
    'five upon period planning database says official weather mar land '
    'average done technical window france pro region island record direct '
    'microsoft conference environment records st district calendar costs '
    'style url front statement update parts aug ever downloads early miles '
    'sound resource present applications either ago document word works '
    'material bill apr written talk federal hosting rules final adult tickets '
    'thing centre requirements via cheap kids finance true minutes else mark '
    'third rock gifts europe reading topics bad individual tips plus auto '
    'cover usually edit together videos percent fast function fact unit '
    'getting global tech meet far economic en player projects lyrics often '
    'subscribe submit germany amount watch included feel though bank risk '
    'thanks everything deals various words linux jul production commercial '
    'james weight town heart advertising received choose treatment newsletter '
    'archives points knowledge magazine error camera jun girl currently '
    'construction toys registered clear golf receive domain methods chapter '
    'makes protection policies loan wide beauty manager india position taken '
    'sort listings models michael known half cases step engineering florida '
    'simple quick none wireless license paul friday lake whole annual '
    'published later basic sony shows corporate google church method '
    'purchase customers active response practice hardware figure materials '
    'fire holiday chat enough designed along among death writing speed html '
    'countries loss face brand discount higher effects created remember '
    'standards oil bit yellow political increase advertise kingdom base near '
    'environmental thought stuff french storage oh japan doing loans shoes '
    'entry stay nature orders availability africa summary turn mean growth '
    'notes agency king monday european activity copy although drug pics '
    'western income force cash employment overall bay river commission ad '
    'package contents seen players engine port album regional stop supplies '
    'started administration bar institute views plans double dog build screen '
    'exchange types soon sponsored lines electronic continue across benefits '
    'needed season apply someone held anything printer condition effective '
    'believe organization effect asked eur mind sunday selection casino pdf '
    'lost tour menu volume cross anyone mortgage hope silver corporation wish '
    'inside solution mature role rather weeks addition came supply nothing '
    'certain usr executive running lower necessary union jewelry according '
    'coffee restaurant hall exit pizza bakery pharmacy hospital station '
    'police taxi hotel parking bus airport market cafe kitchen beer wine '
    'fresh sweet chicken rice noodle tea milk bread cake fish beef pork '
    'salad soup juice ice cream burger grill bar pub inn motel bookstore '
    'tyres repair motors salon barber clinic dental optical fashion boutique '
    'jeans shoes sports outlet factory warehouse supermarket mart mall plaza '
    'tower avenue boulevard square bridge tunnel gate entrance emergency '
    'danger caution warning slow school zone crossing pedestrian one way '
    'closed welcome thank you push pull toilet ladies gents lift stairs').split()
_SHOP_WORDS = (
    'SYARIKAT PERNIAGAAN TRADING ENTERPRISE RESTORAN KEDAI MINI MARKET '
    'HARDWARE STATIONERY BOOK MART SUPERMARKET FOOD BAKERY CAFE CATERING '
    'HYPERMARKET PHARMACY ELECTRICAL MACHINERY AUTO PARTS TEXTILE FURNITURE '
    'GLOBAL HOLDINGS INDUSTRIES SUPPLY SERVICES MAJU JAYA SEJAHTERA BERSATU '
    'GEMILANG CEMERLANG MUTIARA SENTOSA INDAH PERMAI BAHAGIA UNIVERSAL '
    'GOLDEN STAR SUNRISE PACIFIC ORIENTAL EASTERN EVERGREEN PRIMA').split()
_SYLLABLES = ('tan lim ng wong lee chan ong goh teo koh kee huat seng heng '
              'hock leong chong fook wah ming kim soon yap low chua sim ah '
              'ali abu bin mat nor aziz rahman hassan kumar raj siva muthu '
              'an ra ka ma sa ta na la pa ri ko ni mo ba de').split()
_ITEM_WORDS = (
    'MILO NESCAFE TEH TARIK KOPI O AIS NASI LEMAK GORENG AYAM IKAN MEE '
    'ROTI CANAI TELUR SUSU MINERAL WATER SUGAR FLOUR OIL RICE BREAD BUTTER '
    'CHEESE SOAP SHAMPOO TISSUE PAPER A4 PEN PENCIL FILE FOLDER GLUE TAPE '
    'SPANNER SCREW BOLT NUT PIPE PVC CABLE BULB LED SOCKET PLUG SWITCH PAINT '
    'BRUSH ROLLER HOSE NAIL HAMMER DRILL BIT CLAY MODELLING KIDDY FISH '
    'PLASTIC BAG BOX CUP PLATE SPOON FORK TRAY CHICKEN BEEF MUTTON PRAWN '
    'SQUID VEGETABLE SAYUR CURRY SAMBAL SET COMBO REGULAR LARGE SMALL '
    'ORIGINAL SPICY DRINK JUICE ORANGE APPLE LIME ICE CREAM CORRUGATED '
    'ROOFING SHEET COMB GREEN RED BLUE WHITE BLACK GOLD').split()
_PLACES = ('KUALA LUMPUR', 'PETALING JAYA', 'SHAH ALAM', 'SUBANG JAYA',
           'JOHOR BAHRU', 'KLANG', 'PUCHONG', 'CHERAS', 'KAJANG', 'AMPANG',
           'SETAPAK', 'SERI KEMBANGAN', 'RAWANG', 'SEMENYIH', 'BANGI',
           'SKUDAI', 'IPOH', 'PENANG', 'MELAKA', 'SEREMBAN', 'KEPONG')
_STATES = ('SELANGOR', 'SELANGOR DARUL EHSAN', 'JOHOR', 'JOHOR DARUL TAKZIM',
           'WILAYAH PERSEKUTUAN', 'PERAK', 'PULAU PINANG', 'NEGERI SEMBILAN',
           'MALAYSIA')
_STREETS = ('JALAN', 'JLN', 'LORONG', 'PERSIARAN', 'LEBUH', 'TAMAN', 'BANDAR',
            'KAMPUNG', 'LOT', 'NO.', 'NO', 'BATU')
_MONTHS = ('JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC').split()


def _title(rng: np.random.Generator, word: str) -> str:
    """``word`` in lower, Title or UPPER case (scene text mixes them)."""
    r = rng.random()
    return word.upper() if r < 0.3 else word.title() if r < 0.6 else word


class WordSource(TextSource):
    """Built-in English and shop words, or made-up names, in mixed case."""

    def sample(self, rng: np.random.Generator) -> str:
        if rng.random() < 0.8:
            return _title(rng, _pick(rng, _WORDS))
        n = int(rng.integers(1, 4))
        return _title(rng, ''.join(_pick(rng, _SYLLABLES) for _ in range(n)))


class NumberSource(TextSource):
    """Integers, decimals, codes (``CS00012504``, ``789417-W``), phones."""

    def sample(self, rng: np.random.Generator) -> str:
        kind = int(rng.integers(6))
        if kind == 0:
            return str(int(rng.integers(0, 10 ** int(rng.integers(1, 7)))))
        if kind == 1:
            return f'{rng.random() * 10 ** int(rng.integers(1, 4)):.2f}'
        if kind == 2:
            letters = ''.join(_pick(rng, string.ascii_uppercase)
                              for _ in range(int(rng.integers(1, 4))))
            digits = int(rng.integers(4, 12))
            return f'{letters}{int(rng.integers(10 ** (digits - 1), 10 ** digits))}'
        if kind == 3:
            return (f'{int(rng.integers(1000, 1000000))}-'
                    f'{_pick(rng, string.ascii_uppercase)}')
        if kind == 4:
            return (f'0{int(rng.integers(1, 10))}-'
                    f'{int(rng.integers(1000, 9999))} '
                    f'{int(rng.integers(1000, 9999))}')
        return f'{int(rng.integers(1, 100))}%'


class DateSource(TextSource):
    """Dates and times in the formats receipts print.

    Args:
        mode: ``'date'``, ``'time'`` or ``'any'`` (dates, times or both).
    """

    def __init__(self, mode: str = 'any'):
        if mode not in ('date', 'time', 'any'):
            raise InvalidValueError(f'mode must be date, time or any, got {mode!r}')
        self.mode = mode

    def sample(self, rng: np.random.Generator) -> str:
        d, m = int(rng.integers(1, 29)), int(rng.integers(1, 13))
        y = int(rng.integers(2010, 2031))
        hh, mm, ss = (int(rng.integers(24)), int(rng.integers(60)),
                      int(rng.integers(60)))
        dates = (f'{d:02d}/{m:02d}/{y}', f'{d:02d}-{m:02d}-{y}',
                 f'{y}-{m:02d}-{d:02d}', f'{d:02d}/{m:02d}/{y % 100:02d}',
                 f'{d:02d} {_MONTHS[m - 1]} {y}', f'{d}-{_MONTHS[m - 1]}-{y}')
        times = (f'{hh:02d}:{mm:02d}:{ss:02d}', f'{hh:02d}:{mm:02d}',
                 f'{(hh % 12) or 12}:{mm:02d}:{ss:02d} '
                 f'{"AM" if hh < 12 else "PM"}')
        if self.mode == 'date':
            return _pick(rng, dates)
        if self.mode == 'time':
            return _pick(rng, times)
        both = f'{_pick(rng, dates)} {_pick(rng, times)}'
        return _pick(rng, dates + times + (both,))


def _price(rng: np.random.Generator, high: float = 200.0) -> str:
    value = float(np.exp(rng.uniform(np.log(0.1), np.log(high))))
    text = f'{value:,.2f}' if value >= 1000 and rng.random() < 0.5 else \
        f'{value:.2f}'
    return text


class PriceSource(TextSource):
    """Prices: ``12.50``, ``RM 12.50``, ``RM12.50``, ``$3.99``, ``-0.02``."""

    def sample(self, rng: np.random.Generator) -> str:
        value = _price(rng, 2000.0)
        form = int(rng.integers(6))
        return (value, f'RM {value}', f'RM{value}', f'${value}',
                f'-{value}', f'{value} SR')[form]


def _company(rng: np.random.Generator) -> str:
    words = [_pick(rng, _SHOP_WORDS) for _ in range(int(rng.integers(1, 3)))]
    name = ' '.join(''.join(_pick(rng, _SYLLABLES)
                            for _ in range(int(rng.integers(1, 3)))).upper()
                    for _ in range(int(rng.integers(1, 3))))
    head = [name] + words if rng.random() < 0.5 else words + [name]
    suffix = _pick(rng, ('SDN BHD', 'SDN. BHD.', '(M) SDN BHD', 'ENTERPRISE',
                         'TRADING', 'BHD', '', ''))
    return ' '.join(head + ([suffix] if suffix else []))


def _address_lines(rng: np.random.Generator) -> list[str]:
    no = f'{_pick(rng, ("NO.", "NO ", "LOT ", ""))}{int(rng.integers(1, 400))}'
    street = (f'{_pick(rng, _STREETS)} {_pick(rng, _SYLLABLES).upper()}'
              f'{" " + str(int(rng.integers(1, 30))) if rng.random() < 0.5 else ""}')
    area = f'TAMAN {_pick(rng, _SHOP_WORDS)} {_pick(rng, _SYLLABLES).upper()}'
    town = f'{int(rng.integers(10000, 99999))} {_pick(rng, _PLACES)}'
    lines = [f'{no}, {street},', f'{area},', f'{town},', _pick(rng, _STATES)]
    if rng.random() < 0.4:
        lines = [f'{lines[0]} {lines[1]}', f'{lines[2]} {lines[3]}']
    return lines


def _item_name(rng: np.random.Generator) -> str:
    words = [_pick(rng, _ITEM_WORDS) for _ in range(int(rng.integers(1, 5)))]
    if rng.random() < 0.4:
        words.append(_pick(rng, (f'{int(rng.integers(1, 20))}KG',
                                 f'{int(rng.integers(100, 999))}G',
                                 f'{int(rng.integers(1, 5))}.5L',
                                 f'{int(rng.integers(2, 50))}MM',
                                 f'{int(rng.integers(1, 24))}S')))
    return ' '.join(words)


class ReceiptLineSource(TextSource):
    """One receipt-like line: totals, taxes, item lines, addresses, company
    names (``SYARIKAT ... SDN BHD``), labels with values."""

    def sample(self, rng: np.random.Generator) -> str:
        kind = int(rng.integers(9))
        if kind == 0:
            label = _pick(rng, ('TOTAL', 'SUBTOTAL', 'TOTAL SALES',
                                'NET TOTAL', 'ROUNDING', 'CASH', 'CHANGE',
                                'TOTAL (RM)', 'AMOUNT DUE'))
            return f'{label}{_pick(rng, (" ", " : ", ": "))}{_price(rng)}'
        if kind == 1:
            rate = _pick(rng, (6, 10, 0, 8))
            return f'GST {rate}% {_price(rng, 50)}'
        if kind == 2:
            return (f'{int(rng.integers(1, 20))} {_item_name(rng)} '
                    f'{_price(rng, 80)}')
        if kind == 3:
            return _pick(rng, _address_lines(rng))
        if kind == 4:
            return _company(rng)
        if kind == 5:
            return _item_name(rng)
        if kind == 6:
            label = _pick(rng, ('DATE', 'TIME', 'CASHIER', 'INVOICE NO',
                                'DOC NO', 'BILL NO', 'TABLE', 'GST ID',
                                'GST REG NO', 'TEL', 'FAX', 'MEMBER'))
            return f'{label}{_pick(rng, (": ", " : ", ":"))}' + \
                _pick(rng, (DateSource().sample(rng),
                            NumberSource().sample(rng)))
        if kind == 7:
            return _pick(rng, ('THANK YOU', 'PLEASE COME AGAIN',
                               'THANK YOU PLEASE COME AGAIN', 'TAX INVOICE',
                               'SIMPLIFIED TAX INVOICE', 'CASH BILL',
                               'GOODS SOLD ARE NOT RETURNABLE', 'RECEIPT',
                               'OFFICIAL RECEIPT', 'GST SUMMARY',
                               'ITEM QTY PRICE AMOUNT', 'DESCRIPTION'))
        return f'{int(rng.integers(1, 10))} X {_price(rng, 40)}'


class MixedSource(TextSource):
    """A weighted mixture of sources."""

    def __init__(self, sources: Sequence[TextSource],
                 weights: Sequence[float]):
        if len(sources) != len(weights) or not sources:
            raise InvalidValueError('MixedSource needs as many weights as sources')
        w = np.asarray(weights, dtype=np.float64)
        self.sources = list(sources)
        self.p = w / w.sum()

    def sample(self, rng: np.random.Generator) -> str:
        return self.sources[int(rng.choice(len(self.sources), p=self.p))
                            ].sample(rng)


def _is_hanzi(char: str) -> bool:
    """A CJK unified ideograph (the basic block or extension A)."""
    return '\u4e00' <= char <= '\u9fff' or '\u3400' <= char <= '\u4dbf'


class ChineseLineSource(TextSource):
    """Plausible printed Chinese text lines over a charset's characters.

    Characters are drawn with Zipf-like weights ``1 / (rank + 20)``, the rank
    being the character's position in the charset (the shipped dictionary
    ``chinese_level1_ascii.txt`` lists its characters most frequent first),
    grouped into words of 1-4 characters (mostly 2). A line is a clause or
    two of words with full-width punctuation, or words mixed with numbers,
    dates, prices, codes or Latin words, as on signs, labels, receipts and
    documents. Lines hold no spaces (``whole_lines``), so their labels fit
    ``LineStrParser``'s ``FILENAME TEXT`` lines.

    Args:
        chars: The charset's characters, most frequent ideographs first.
        min_words, max_words: Words of a clause.
    """

    whole_lines = True
    _PUNCT = '，。、；：！？'
    _ENDS = '。！？'

    def __init__(self, chars: str, min_words: int = 2, max_words: int = 5):
        self.hanzi = [c for c in dict.fromkeys(chars) if _is_hanzi(c)]
        if not self.hanzi:
            raise InvalidValueError('--corpus chinese needs a charset with Chinese '
                                    'characters, e.g. mmocr/model_zoo/dicts/'
                                    'chinese_level1_ascii.txt')
        if not 1 <= min_words <= max_words:
            raise InvalidValueError('ChineseLineSource needs 1 <= min_words <= '
                                    f'max_words, got {min_words}, {max_words}')
        weights = 1.0 / (np.arange(len(self.hanzi)) + 20.0)
        self.p = weights / weights.sum()
        self.punct = [c for c in self._PUNCT if c in chars]
        self.ends = [c for c in self._ENDS if c in chars]
        self.has = set(chars)
        self.min_words, self.max_words = min_words, max_words
        self.latin = WordSource()
        self.numbers = NumberSource()

    def _word(self, rng: np.random.Generator) -> str:
        n = int(rng.choice(4, p=[0.25, 0.55, 0.12, 0.08])) + 1
        return ''.join(self.hanzi[i]
                       for i in rng.choice(len(self.hanzi), n, p=self.p))

    def _clause(self, rng: np.random.Generator, most: int) -> str:
        n = int(rng.integers(self.min_words, max(self.min_words, most) + 1))
        return ''.join(self._word(rng) for _ in range(n))

    def _token(self, rng: np.random.Generator) -> str:
        """A number, date, price, code or Latin word (without spaces)."""
        kind = int(rng.integers(5))
        if kind == 0:
            return f'{int(rng.integers(2000, 2031))}年{int(rng.integers(1, 13))}' \
                f'月{int(rng.integers(1, 29))}日'
        if kind == 1:
            return f'{_price(rng)}元' if rng.random() < 0.5 else f'￥{_price(rng)}'
        if kind == 2:
            return self.latin.sample(rng)
        return self.numbers.sample(rng).replace(' ', '')

    def sample(self, rng: np.random.Generator) -> str:
        r = rng.random()
        if r < 0.45:  # prose: one or two clauses
            text = self._clause(rng, self.max_words)
            if self.punct and rng.random() < 0.4:
                text += _pick(rng, self.punct) + self._clause(
                    rng, self.max_words // 2)
            if self.ends and rng.random() < 0.5:
                text += _pick(rng, self.ends)
        elif r < 0.85:  # words around a number, date, price, code
            parts = [self._word(rng) for _ in range(int(rng.integers(1, 4)))]
            sep = '：' if '：' in self.has and rng.random() < 0.4 else ''
            text = ''.join(parts) + sep + self._token(rng)
            if rng.random() < 0.4:
                text += self._word(rng)
        else:  # a short label or heading
            text = self._word(rng) + self._word(rng)
        return text


def build_source(spec: str, charset: Charset) -> TextSource:
    """The text source of a ``--corpus`` value.

    Args:
        spec: ``words`` (built-in English/shop words), ``receipt``,
            ``random``, ``numbers``, ``dates``, ``prices``, ``mixed``,
            ``chinese`` (:class:`ChineseLineSource`), or the path of a UTF-8
            word/line list.
        charset: Used by ``random`` strings and ``chinese`` lines.
    """
    builtin = {
        'words': WordSource,
        'receipt': ReceiptLineSource,
        'numbers': NumberSource,
        'dates': DateSource,
        'prices': PriceSource,
    }
    if spec in builtin:
        return builtin[spec]()
    if spec == 'random':
        return RandomStringSource(charset.chars)
    if spec == 'chinese':
        return ChineseLineSource(charset.chars)
    if spec == 'mixed':
        return MixedSource(
            [WordSource(), ReceiptLineSource(), NumberSource(), DateSource(),
             PriceSource(), RandomStringSource(charset.chars)],
            [0.4, 0.3, 0.08, 0.07, 0.07, 0.08])
    if osp.isfile(spec):
        return WordListSource(spec)
    raise InvalidValueError(f'--corpus {spec!r}: expected one of words, receipt, '
                            'random, numbers, dates, prices, mixed, chinese or an '
                            'existing text file')


@dataclass
class Segment:
    """A run of text on one receipt row.

    Attributes:
        text: The text (words separated by single spaces).
        align: ``'left'`` (starts at ``pos``), ``'right'`` (ends at ``pos``)
            or ``'center'`` (centred on the page; ``pos`` unused).
        pos: Anchor as a fraction of the printable width.
    """

    text: str
    align: str = 'left'
    pos: float = 0.0


@dataclass
class Row:
    """One printed row: its segments, a size factor and a bold flag. A row
    without segments is a separator: ``rule`` ``'-'`` (dashes), ``'='``
    (double dashes), ``'line'`` (a solid rule), ``'blank'`` (room for a
    barcode or stamp) or ``''`` (a little space)."""

    segments: list[Segment] = field(default_factory=list)
    scale: float = 1.0
    bold: bool = False
    rule: str = ''


class ReceiptContent:
    """The rows of a made-up receipt: header (company, registration, address,
    phone, tax id), title, meta fields, item table, totals and footer."""

    def sample(self, rng: np.random.Generator) -> list[Row]:
        rows: list[Row] = []
        center = rng.random() < 0.8
        head_align = 'center' if center else 'left'
        rows.append(Row([Segment(_company(rng), head_align)],
                        scale=float(rng.uniform(1.0, 1.5)),
                        bold=bool(rng.random() < 0.7)))
        if rng.random() < 0.7:
            reg = (f'{int(rng.integers(1000, 1000000))}-'
                   f'{_pick(rng, string.ascii_uppercase)}')
            rows.append(Row([Segment(
                _pick(rng, (f'({reg})', f'CO. REG: {reg}', reg)),
                head_align)]))
        rows += [Row([Segment(line, head_align)])
                 for line in _address_lines(rng)]
        if rng.random() < 0.7:
            rows.append(Row([Segment(
                f'TEL{_pick(rng, (": ", " : ", " "))}0{int(rng.integers(3, 10))}-'
                f'{int(rng.integers(1000000, 99999999))}', head_align)]))
        if rng.random() < 0.5:
            rows.append(Row([Segment(
                f'GST {_pick(rng, ("ID", "REG NO", "NO"))}: '
                f'{int(rng.integers(10 ** 11, 10 ** 12)):012d}', head_align)]))
        rows.append(Row(rule=_pick(rng, ('-', '=', 'line', 'blank', ''))))
        rows.append(Row([Segment(_pick(rng, (
            'TAX INVOICE', 'SIMPLIFIED TAX INVOICE', 'CASH BILL', 'RECEIPT',
            'INVOICE', 'OFFICIAL RECEIPT')), 'center')],
            bold=bool(rng.random() < 0.6)))
        rows += self._meta(rng)
        rows.append(Row(rule=_pick(rng, ('-', '=', 'line'))))
        rows += self._items(rng)
        rows.append(Row(rule=_pick(rng, ('-', '=', 'line', ''))))
        rows += self._totals(rng)
        rows.append(Row(rule='blank'))
        for text in _pick(rng, (('THANK YOU',), ('THANK YOU', 'PLEASE COME AGAIN'),
                                ('GOODS SOLD ARE NOT RETURNABLE', 'THANK YOU'),
                                ('THANK YOU & PLEASE COME AGAIN',))):
            rows.append(Row([Segment(text, 'center')]))
        return rows

    @staticmethod
    def _meta(rng: np.random.Generator) -> list[Row]:
        labels = ['DOC NO', 'INVOICE NO', 'RECEIPT #', 'DATE', 'TIME',
                  'CASHIER', 'TABLE', 'SALESPERSON', 'COUNTER', 'BILL NO']
        picked = rng.permutation(len(labels))[:int(rng.integers(2, 6))]
        rows = []
        value_pos = float(rng.uniform(0.25, 0.4))
        for i in sorted(picked):
            label = labels[i]
            if label in ('DATE', 'TIME'):
                value = DateSource(label.lower()).sample(rng)
            elif label in ('CASHIER', 'SALESPERSON'):
                value = _pick(rng, _SYLLABLES).upper() * int(rng.integers(1, 3))
            else:
                value = NumberSource().sample(rng).split()[0]
            segs = [Segment(f'{label}:' if rng.random() < 0.5 else label),
                    Segment(f': {value}' if rng.random() < 0.4 else value,
                            'left', value_pos)]
            if rng.random() < 0.3:
                segs = [Segment(f'{label}: {value}')]
            if rng.random() < 0.3:
                segs.append(Segment(f'TIME: {DateSource("time").sample(rng)}',
                                    'right', 1.0))
            rows.append(Row(segs))
        return rows

    @staticmethod
    def _items(rng: np.random.Generator) -> list[Row]:
        rows = [Row([Segment(_pick(rng, ('ITEM', 'DESCRIPTION', 'CODE/DESC'))),
                     Segment('QTY', 'right', 0.55),
                     Segment(_pick(rng, ('PRICE', 'U/PRICE', 'S/PRICE')),
                             'right', 0.78),
                     Segment(_pick(rng, ('AMOUNT', 'TOTAL', 'AMT')), 'right',
                             1.0)])]
        two_lines = rng.random() < 0.5
        for _ in range(int(rng.integers(1, 13))):
            qty = int(rng.integers(1, 6))
            price = float(_price(rng, 60).replace(',', ''))
            amount = f'{qty * price:.2f}'
            nums = [Segment(str(qty), 'right', 0.55),
                    Segment(f'{price:.2f}', 'right', 0.78),
                    Segment(amount + _pick(rng, ('', ' SR', ' ZR', '')),
                            'right', 1.0)]
            if two_lines:
                rows.append(Row([Segment(_item_name(rng))]))
                rows.append(Row(nums))
            else:
                rows.append(Row([Segment(_item_name(rng))] + nums))
        return rows

    @staticmethod
    def _totals(rng: np.random.Generator) -> list[Row]:
        names = ['TOTAL QTY', 'SUBTOTAL', 'TOTAL SALES (EXCLUDING GST)',
                 'DISCOUNT', 'GST 6%', 'SERVICE CHARGE 10%', 'ROUNDING',
                 'ROUNDING ADJUSTMENT', 'TOTAL', 'TOTAL (RM)', 'CASH',
                 'CHANGE', 'NET TOTAL', 'TOTAL INCLUSIVE GST']
        picked = sorted(rng.permutation(len(names))[:int(rng.integers(2, 7))])
        label_align = _pick(rng, ('left', 'right'))
        rows = []
        for i in picked:
            label = names[i] + _pick(rng, ('', ':', ' :'))
            label_seg = (Segment(label) if label_align == 'left' else
                         Segment(label, 'right', float(rng.uniform(0.6, 0.7))))
            rows.append(Row([label_seg, Segment(_price(rng), 'right', 1.0)],
                            bold=names[i].startswith(('TOTAL', 'NET')) and
                            bool(rng.random() < 0.5)))
        return rows
