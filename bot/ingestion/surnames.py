"""Surnames and the other openings of personal names: a plain name opens with a surname (single or
compound), a Yi clan name or a Tibetan name's first word; a candidate opening otherwise (``者食堂``,
``买菜``) is no name."""

from __future__ import annotations

# The most common Chinese surnames: a candidate that is also an ordinary word may still be a name.
COMMON_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "尤温左葛柳倪庞殷翟聂童骆甘焦柯阮桂施窦章俞鲁祝邢詹乔耿裴岳齐苗滕伍房简符鲍霍虞凌戚项荆"
)

SURNAMES = COMMON_SURNAMES | frozenset(
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎鲁"
    "韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄和穆"
    "萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭梅盛林"
    "刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚程嵇邢滑"
    "裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫宁仇栾暴甘"
    "钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴胥能苍双闻莘党翟谭贡劳"
    "逄姬申扶堵冉宰郦雍璩桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容向古易慎戈廖庾终暨"
    "居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空曾沙乜养鞠须丰巢关蒯"
    "相查后荆红游竺权逯盖益桓公闫付覃佟代檀谌揭练银粟晋商兰岳原佘达展才庹母苑鄢亢仝肖门智户来帅冼麦尉奉"
    "邝区阳由占植库承旷雒但战税肇敬种言化续隋郄邸信靖衣栗笪闭招朴过"
    "虎蒿冶妥喇撒拜鲜腊甯涂"  # rarer ones, of the Hui and other peoples, and Hong Kong spellings
)
"""Single-character surnames (the common ones and the Hundred Family Surnames): a plain name opens with one,
a compound surname, a Yi clan name or a Tibetan name's first word; ``者食堂`` or ``买菜`` is no name."""
TIBETAN_OPENINGS = frozenset(
    "扎西 次仁 达瓦 格桑 洛桑 索朗 尼玛 多吉 央金 卓玛 旦增 丹增 平措 边巴 普布 拉巴 白玛 益西 强巴 群培 次旦 德吉 "
    "巴桑 顿珠 嘎玛 措姆 拉姆 旺堆 琼达".split()
)
"""Words a Tibetan name opens with (扎西顿珠, 次仁卓玛): such names have no surname."""

CLAN_NAMES = frozenset(
    "吉克 曲比 阿西 沙马 吉好 俄木 马海 海来 阿苦 勒尔 木乃 吉木 罗洪 加拉 阿约 吉伍 海乃 巴莫 吉史 瓦扎 阿的 倮伍 "
    "阿鲁 吉觉 的日 阿尔 苏呷 阿牛 吉地 阿说 拉马 果基".split()
)
"""Yi clan names: a personal name opening with one runs to four characters (吉好也求, 曲比阿果), its given
name two characters whatever they are (也, 阿 are no ending there)."""
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 司徒 夏侯 端木 呼延 轩辕 独孤 南宫 西门 百里 东郭".split()
)


def opens_like_name(candidate: str) -> bool:
    """A plain name opens with a surname, a Yi clan name or a Tibetan name's first word."""
    return (
        candidate[0] in SURNAMES
        or candidate[:2] in COMPOUND_SURNAMES
        or candidate[:2] in CLAN_NAMES
        or candidate[:2] in TIBETAN_OPENINGS
    )
