r"""Canvas LMS's import of a QTI 1.2 .zip ("Import course content → QTI .zip file"), in Python.

A model written from reading the two programs Canvas runs, for tests that have no
Canvas: stage 1 is instructure/QTIMigrationTool (`lib/imsqtiv1.py`, `lib/imsqti.py`,
`lib/imscp.py`, `lib/xmlutils.py`, run by Canvas as `migrate.py --ucvars --nogui
--overwrite --cpout=OUT UNZIPPED_DIR`), which rewrites QTI 1.2 as QTI 2.1 plus
Canvas metadata; stage 2 is instructure/canvas-lms `gems/plugins/qti_exporter/lib/qti/`
(`converter.rb`, `qti.rb`, `assessment_item_converter.rb`, `choice_interaction.rb`,
`associate_interaction.rb`, `fill_in_the_blank.rb`, `numeric_interaction.rb`,
`extended_text_interaction.rb`, `assessment_test_converter.rb`, `html_helper.rb`),
`lib/cc/importer/canvas/quiz_metadata_converter.rb` and the link rewriting of
`app/models/importers/link_parser.rb` / `link_resolver.rb`. The model builds the same
QTI 2.1 documents stage 1 writes (as a small DOM) and reads them the way stage 2 does,
so the traps of both stages come out as in Canvas. No code is copied; comments name
the file and function each rule models.

Modelled:
- the zip (not a zip: CanvasImportError); every `.xml`/`.dat`/`.qti` file is converted,
  whether the manifest lists it or not (QTIParserV1.ProcessFiles walks the directory,
  `imsmanifest.xml` first); the resource type `imsqti_xmlv1p2` is never looked at;
- a crash of the converter fails the whole import (Converter#run_qti_converter): under
  Python 3 every `raise QTIException` becomes a TypeError, so an element in a place
  CheckLocation refuses (e.g. `<response_label>` outside a `render_*`), a root
  `<item>`/`<assessment>` without `<questestinterop>`, a mapped `qtimetadatafield`
  without `fieldentry` or a `response_*` without `ident` stop everything;
- XML that does not parse: CanvasImportError. NOTE: this is stricter than Canvas,
  whose lxml parser runs with recover=True and silently keeps whatever part it can
  (often nothing); the model does not guess what libxml2 would salvage;
- identifiers: items and assessments `:`→`-`, then characters outside NMTOKEN → `_`
  and `ID_` before a first character that is not a letter or `_` (CPResource.FixIdentifier);
  response, choice and feedback idents through ReadIdentifier (bad ASCII → `-`, prefix
  `RESPONSE_`/`FEEDBACK_`, `:`/`.` → `_`), a trailing `_ans`/`_str` dropped
  (D2L_IDENTIFIER_REPLACER); `varequal` values only through CheckNMTOKEN (so a choice
  ident with `.` or `:` never matches its own condition);
- text: `mattext` without texttype is text/html; text/plain becomes `<div class="text">`
  (HTML-escaped when Canvas shows it), text/html `<div class="html">` (parsed as HTML);
  unescaped child tags of a `mattext` are rebuilt as text (RawMaterial), `<br/>`
  becoming `<br></br>`, which an HTML5 parser reads as two line breaks; `matimage`
  files are copied by the converter itself; material between `response_label`s is
  deleted; `material` labels and languages are lost;
- choice weights from the responseConditions in document order, nested ones visited
  again (ChoiceInteraction#process_response_conditions): the last condition testing a
  choice sets its weight, from `setOutcomeValue` SCORE (`Set`, `Add`, even `Subtract`);
  a decvar without vartype is Integer, so a score of 0.5 is weight 0; responses named
  `response`/`RESP_MC` or starting with `TF` take Canvas's special paths;
- true/false only with two answers reading /true/i and /false/i, else multiple choice;
- short answer: every stringMatch/match anywhere (also in feedback-only or `<not>`
  conditions) is a 100% answer; none makes an essay (ExtendedTextInteraction);
- numerical: response_str needs `<or>` (exact ± margin, precision) or `<and>` (range);
  response_num reads gte/lte/equal (NumericInteraction);
- matching (`matching_question`): right sides only from the first choiceInteraction,
  `match_id` = first run of digits of the (renamed) ident, a pair only through
  `setvar action="Add"`; left sides from each response_lid's prompt; right text taken
  literally; images on the right swap sides (AssociateInteraction#ensure_correct_format);
- fill in multiple blanks / multiple dropdowns: response_lid `response_<id>` (the
  lower-case prefix is removed), every choice of a blank 100%, dropdown choices only
  through `Add`; response_str blanks take the D2L path (blank ids keep `response_`);
- feedback filed by ident (AssessmentItemConverter#get_feedback): /wrong|incorrect|_IC$/
  incorrect, /correct|_C$/ correct, /solution/ example_solution, /general_|_all/
  neutral; per-answer feedback only for idents matching none of those;
- `question_type` metadata must be one of Canvas's names, else the interaction decides;
  missing metadata and no interaction → question_type "Error";
- files: only `<file href>` children of manifest resources are carried (not
  `<resource href>`, not `.xml`/`.dat`/`.qti` files, not files missing from the zip,
  not names CGI.unescape changes, such as `+`); a reference is resolved by the exact
  or shortest path ending with it (Qti::HtmlHelper#find_best_path_match, an empty
  `src=""` takes the shortest file), then `$IMS-CC-FILEBASE$/`, `%24IMS-CC-FILEBASE%24/`
  and relative paths by their trailing path components (LinkParser/LinkResolver);
- `assessment_meta.xml`: read only when listed as `<ident>/assessment_meta.xml` (the
  renamed ident) in a resource whose type ends in `learning-application-resource`;
  its title and description win (QuizMetadataConverter#post_process_assessments);
- question banks: items of an `<objectbank>` (bank title from `bank_title`) form a
  bank; sections inside an objectbank are not quizzes.

Output (see `read`): file references in HTML are replaced by `{{file:<path in zip>}}`,
and references Canvas cannot resolve by `{{missing-file:<path>}}` (Canvas writes a
broken `/courses/…/file_contents/…` link there). Random answer ids (`unique_local_id`)
are numbered 1, 2, … per question instead. HTML is serialized by this model (HTML5
rules, double-quoted attributes), so spacing and entity spelling can differ from
Nokogiri's; the sanitizer follows `CanvasSanitize::SANITIZE` but its CSS filtering is
simplified. The order of files in a directory is os.listdir's in Canvas; the model
sorts by name.

Layout: `dom` (Node, HTML parsing and serialising), `css` (selectors), `ruby` (Ruby
semantics), `sanitize` (CanvasSanitize), `identifiers` (stage 1 identifier and path
rules), `body` and `content_package` (what stage 1 builds), `stage1_handlers`,
`stage1_structure`, `stage1_items`, `stage1_material`, `stage1_responses`,
`stage1_processing`, `stage1_selection` (one handler class per QTI 1.2 element),
`stage1` (the element table and the Stage1 driver), `stage2`, `items` and `assessment`
(the Ruby converters), `links` (link resolution) and `package` (unzip, manifest, quiz
metadata, `read`, `convert`).
"""

from .content_package import CPFile, Package21, Resource21
from .dom import Node, from_et
from .errors import CanvasImportError
from .identifiers import _resolve_cp
from .package import _unzip, convert, read
from .stage1 import Stage1

__all__ = ["CPFile", "CanvasImportError", "Node", "Package21", "Resource21", "Stage1",
           "_resolve_cp", "_unzip", "convert", "from_et", "read"]
