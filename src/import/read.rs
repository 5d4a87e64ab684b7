//! Reading an agenda's bytes safely (regular files only, never more than
//! [`MAX_BYTES`]) and telling what kind of document they are, by extension
//! and by their first bytes.

use std::fs::{File, OpenOptions};
use std::io::{self, Read as _};
use std::path::Path;

use super::{Failure, Place, Remark, fail};
use crate::text;

/// The largest agenda read: a background note is a few kilobytes and a
/// programme spreadsheet rarely a megabyte.
pub const MAX_BYTES: u64 = 10 * 1024 * 1024;

/// What kind of document the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A note or agenda in prose, plain text or Markdown.
    Text,
    /// Comma-, semicolon- or tab-separated values with a header row.
    Csv,
    /// XLSX, ODS (or the older XLS and XLSB): read with calamine.
    Spreadsheet,
}

/// The bytes of the agenda and how to name it.
pub struct Input {
    pub bytes: Vec<u8>,
    /// The file's own name (its extension tells the kind); `-` for stdin.
    pub file_name: String,
    /// How messages name it.
    pub shown: String,
}

/// Reads `path` (or stdin for `-`), refusing anything that is not a regular
/// file and anything larger than [`MAX_BYTES`].
pub fn read_input(path: &Path) -> anyhow::Result<Input> {
    let limit_message = |shown: &str| {
        format!(
            "{shown}: is larger than {} MiB, far more than an agenda; give the programme alone",
            MAX_BYTES / 1024 / 1024
        )
    };
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        io::stdin()
            .lock()
            .take(MAX_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| anyhow::anyhow!("cannot read the agenda from standard input: {e}"))?;
        if bytes.len() as u64 > MAX_BYTES {
            anyhow::bail!(limit_message("<stdin>"));
        }
        return Ok(Input {
            bytes,
            file_name: "-".to_owned(),
            shown: "<stdin>".to_owned(),
        });
    }
    let shown = text::sanitize(&path.display().to_string());
    let cannot = |e: io::Error| anyhow::anyhow!("cannot read {shown}: {e}");
    // Follows symlinks: a link to a regular file is fine, one to /dev/zero
    // or a FIFO is refused before it is opened.
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if !meta.is_file() {
        anyhow::bail!(
            "{shown}: is not a regular file ({}); give the agenda as a file, or `-` to read it from standard input",
            describe_type(&meta)
        );
    }
    let file = open_nonblocking(path).map_err(cannot)?;
    // The path may have been swapped since it was looked at.
    if !file.metadata().map_err(cannot)?.is_file() {
        anyhow::bail!("{shown}: is not a regular file");
    }
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_BYTES {
        anyhow::bail!(limit_message(&shown));
    }
    let file_name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    Ok(Input {
        bytes,
        file_name,
        shown,
    })
}

/// Opens without waiting for a writer, should a FIFO slip in after the check.
fn open_nonblocking(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

fn describe_type(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a directory"
    } else {
        "not a plain file"
    }
}

/// What the first bytes say the document is, whatever its name claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    /// A zip archive: XLSX, ODS, or something else zipped (a Word document).
    Zip,
    /// The compound file of old Office documents (XLS, DOC).
    Ole,
    Pdf,
    /// Text (of any encoding this module reads).
    Text,
    /// Anything else: NUL bytes and no text encoding that explains them.
    Binary,
}

fn sniff(bytes: &[u8]) -> Content {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Content::Zip
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Content::Ole
    } else if bytes.starts_with(b"%PDF") {
        Content::Pdf
    } else if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        Content::Text
    } else if bytes.iter().take(64 * 1024).any(|&b| b == 0) {
        Content::Binary
    } else {
        Content::Text
    }
}

/// Whether a zip archive holds a Word document (its entry names are stored
/// as plain bytes in the archive).
fn is_word_document(bytes: &[u8]) -> bool {
    bytes.windows(17).any(|w| w == b"word/document.xml")
}

/// Decides the kind from the extension, checked against the content.
pub fn identify(bytes: &[u8], file_name: &str) -> Result<Kind, Failure> {
    let ext = Path::new(file_name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let content = sniff(bytes);
    let not_spreadsheet = |what: &str| {
        let found = match content {
            Content::Text => "it is text",
            Content::Pdf => "it is a PDF document",
            Content::Ole => "it is an old-style Office document",
            Content::Zip if is_word_document(bytes) => "it is a Word document",
            Content::Zip => "it is a zip archive of something else",
            Content::Binary => "its content is not a spreadsheet",
        };
        fail(
            Place::File,
            format!(
                "is named .{ext} but is not {what}: {found}; save the programme from the spreadsheet program as .{ext}, or rename the file to what it is"
            ),
        )
    };
    let other_document = || match content {
        Content::Zip if is_word_document(bytes) => fail(
            Place::File,
            "is a Word document, which import cannot read: save it as plain text (.txt) and import that",
        ),
        Content::Ole => fail(
            Place::File,
            "is an old-style Office document (.doc or .xls) named otherwise: save it as .txt or .xlsx and import that",
        ),
        Content::Pdf => fail(
            Place::File,
            "is a PDF document, which import cannot read: copy its text into a .txt file and import that",
        ),
        Content::Binary => fail(
            Place::File,
            "is not a text file (it holds NUL bytes) nor a spreadsheet: give a .txt, .md, .csv, .xlsx or .ods agenda",
        ),
        Content::Zip | Content::Text => fail(
            Place::File,
            "is not a document import can read: give a .txt, .md, .csv, .xlsx or .ods agenda",
        ),
    };
    match ext.as_str() {
        "xlsx" | "xlsm" | "ods" | "xlsb" => {
            if content == Content::Zip && !is_word_document(bytes) {
                Ok(Kind::Spreadsheet)
            } else {
                not_spreadsheet(if ext == "ods" {
                    "an OpenDocument spreadsheet"
                } else {
                    "an Excel workbook"
                })
            }
        }
        "xls" => {
            if matches!(content, Content::Ole | Content::Zip) && !is_word_document(bytes) {
                Ok(Kind::Spreadsheet)
            } else {
                not_spreadsheet("an Excel workbook")
            }
        }
        "csv" | "tsv" | "txt" | "md" | "markdown" | "text" => match content {
            Content::Text => Ok(if ext == "csv" || ext == "tsv" {
                Kind::Csv
            } else {
                Kind::Text
            }),
            Content::Zip if !is_word_document(bytes) => fail(
                Place::File,
                format!(
                    "is named .{ext} but is a zip archive (a spreadsheet saved under another name?): rename it to .xlsx or .ods"
                ),
            ),
            _ => other_document().map_err(|f| Failure {
                message: format!("is named .{ext} but {}", f.message),
                ..f
            }),
        },
        _ => match content {
            Content::Zip if !is_word_document(bytes) => Ok(Kind::Spreadsheet),
            Content::Text => {
                let (source, _) = decode_text(bytes)?;
                Ok(if super::table::looks_like_csv(&source) {
                    Kind::Csv
                } else {
                    Kind::Text
                })
            }
            _ => other_document(),
        },
    }
}

/// The document as text: UTF-8 (a BOM is dropped), UTF-16 with a BOM, or,
/// failing those, Windows-1252 (what Word's "plain text" often is), said in
/// a remark.
pub fn decode_text(bytes: &[u8]) -> Result<(String, Option<Remark>), Failure> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return fail(
                Place::File,
                format!(
                    "starts like {} text but is not valid {}",
                    encoding.name(),
                    encoding.name()
                ),
            );
        }
        return Ok((text.into_owned(), None));
    }
    if bytes.contains(&0) {
        return fail(
            Place::File,
            "is not a text file (it holds NUL bytes) nor a spreadsheet: give a .txt, .md, .csv, .xlsx or .ods agenda",
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_owned(), None)),
        Err(e) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            let line = bytes[..e.valid_up_to()].split(|&b| b == b'\n').count();
            Ok((
                text.into_owned(),
                Some(Remark::Guess(format!(
                    "the file is not UTF-8 (line {line} first): read it as Windows-1252 text"
                ))),
            ))
        }
    }
}
