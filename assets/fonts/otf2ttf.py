# Converts a CFF-flavoured OpenType font to TrueType (quadratic) outlines, keeping the layout tables.
# Used once to make NotoSansCJKkr-Regular.ttf (see README.md); needs Debian python3-fonttools.
import sys
from fontTools.ttLib import TTFont, newTable
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen

src, dst = sys.argv[1], sys.argv[2]
font = TTFont(src)
glyph_order = font.getGlyphOrder()
glyph_set = font.getGlyphSet()
glyf = newTable('glyf')
glyf.glyphOrder = glyph_order
glyf.glyphs = {}
for name in glyph_order:
    pen = TTGlyphPen(glyph_set)
    glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
    glyf.glyphs[name] = pen.glyph()
font['glyf'] = glyf
font['loca'] = newTable('loca')
del font['CFF ']
if 'VORG' in font: del font['VORG']
font['head'].glyphDataFormat = 0
maxp = font['maxp']
maxp.tableVersion = 0x00010000
for attr in ('maxZones','maxTwilightPoints','maxStorage','maxFunctionDefs','maxInstructionDefs','maxStackElements','maxSizeOfInstructions','maxComponentElements','maxPoints','maxContours','maxCompositePoints','maxCompositeContours','maxComponentDepth'):
    setattr(maxp, attr, 0)
maxp.maxZones = 1
font['post'].formatType = 3.0
font.sfntVersion = '\x00\x01\x00\x00'
font.save(dst)
