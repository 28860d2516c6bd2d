// A form filled by Apache PDFBox, as a Java application fills one:
//   java -cp pdfbox2.jar:fontbox2.jar:commons-logging.jar PdfboxFill.java IN OUT [--flatten] NAME=VALUE...
// Each NAME=VALUE sets the field's value (PDAcroForm.getField(NAME).setValue(VALUE):
// PDFBox writes /V and draws a fresh appearance from the field's /DA; a check box or a
// radio button takes its on-state's name); --flatten then draws every widget into its
// page (PDAcroForm.flatten()). The whole document is saved again (PDDocument.save).
// Run by tests/returns.py (fill_pdfbox) with the Debian package libpdfbox2-java.

import java.io.File;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;

public class PdfboxFill {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PdfboxFill IN OUT [--flatten] NAME=VALUE...");
            System.exit(2);
        }
        try (PDDocument document = PDDocument.load(new File(args[0]))) {
            PDAcroForm form = document.getDocumentCatalog().getAcroForm();
            boolean flatten = false;
            for (int i = 2; i < args.length; i++) {
                if (args[i].equals("--flatten")) {
                    flatten = true;
                    continue;
                }
                int equals = args[i].indexOf('=');
                String name = args[i].substring(0, equals);
                PDField field = form.getField(name);
                if (field == null) {
                    throw new IllegalArgumentException("no field " + name);
                }
                field.setValue(args[i].substring(equals + 1));
            }
            if (flatten) {
                form.flatten();
            }
            document.save(new File(args[1]));
        }
    }
}
