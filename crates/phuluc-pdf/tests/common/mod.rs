//! Builds small PDFs in memory with lopdf, for end-to-end tests of the interpreter.
#![allow(dead_code)]

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};
use phuluc_pdf::{Limits, PageGeometry, PdfDocument};

pub struct TestPdf {
    pub doc: Document,
    pub fonts: Dictionary,
    pub xobjects: Dictionary,
    /// Extra entries for every page dictionary (CropBox, Rotate …).
    pub page_extra: Dictionary,
    pub pages_id: ObjectId,
}

impl Default for TestPdf {
    fn default() -> Self {
        Self::new()
    }
}

impl TestPdf {
    pub fn new() -> Self {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        TestPdf {
            doc,
            fonts: Dictionary::new(),
            xobjects: Dictionary::new(),
            page_extra: Dictionary::new(),
            pages_id,
        }
    }

    /// Adds a font under a resource name and returns its object id.
    pub fn font(&mut self, name: &str, font: Dictionary) -> ObjectId {
        let id = self.doc.add_object(font);
        self.fonts.set(name, id);
        id
    }

    /// Adds a stream object.
    pub fn stream(&mut self, dict: Dictionary, content: &[u8]) -> ObjectId {
        self.doc.add_object(Stream::new(dict, content.to_vec()))
    }

    /// Adds a form XObject under a resource name.
    pub fn form(&mut self, name: &str, content: &[u8], mut dict: Dictionary) -> ObjectId {
        dict.set("Type", "XObject");
        dict.set("Subtype", "Form");
        if !dict.has(b"BBox") {
            dict.set("BBox", vec![0.into(), 0.into(), 612.into(), 792.into()]);
        }
        let id = self.stream(dict, content);
        self.xobjects.set(name, id);
        id
    }

    /// The resource dictionary shared by the pages.
    pub fn resources(&self) -> Dictionary {
        dictionary! {
            "Font" => self.fonts.clone(),
            "XObject" => self.xobjects.clone(),
        }
    }

    /// One page per content stream.
    pub fn build(mut self, contents: &[&[u8]]) -> Vec<u8> {
        let resources = self.doc.add_object(self.resources());
        let mut kids = Vec::new();
        for content in contents {
            let cid = self.stream(Dictionary::new(), content);
            let mut page = dictionary! {
                "Type" => "Page",
                "Parent" => self.pages_id,
                "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
                "Contents" => cid,
                "Resources" => resources,
            };
            for (k, v) in self.page_extra.iter() {
                page.set(k.clone(), v.clone());
            }
            kids.push(Object::Reference(self.doc.add_object(page)));
        }
        let count = kids.len() as i64;
        self.doc.objects.insert(
            self.pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => kids,
                "Count" => count,
            }),
        );
        let catalog = self.doc.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => self.pages_id,
        });
        self.doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        self.doc.save_to(&mut out).expect("save test PDF");
        out
    }
}

/// A simple Type1 font named `name` with WinAnsi encoding and every width 500.
pub fn simple_font(name: &str) -> Dictionary {
    dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => name,
        "FirstChar" => 32,
        "LastChar" => 126,
        "Widths" => vec![Object::Integer(500); 95],
        "Encoding" => "WinAnsiEncoding",
    }
}

/// A one-page PDF with font /F1 = `simple_font("TestFont")`.
pub fn one_page(content: &[u8]) -> Vec<u8> {
    let mut pdf = TestPdf::new();
    pdf.font("F1", simple_font("TestFont"));
    pdf.build(&[content])
}

pub fn page1(bytes: &[u8]) -> PageGeometry {
    let doc = PdfDocument::load(bytes, &Limits::default()).expect("load");
    doc.page(1).expect("page 1")
}

pub fn text(g: &PageGeometry) -> String {
    g.page.glyphs.iter().map(|g| g.text.as_str()).collect()
}

pub fn approx(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

#[track_caller]
pub fn assert_close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-6, "{a} != {b}");
}
