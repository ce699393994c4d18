import { deflateRawSync } from 'node:zlib';
import {
  addMonths,
  attachmentDisposition,
  attachmentName,
  missingToSubmit,
  movesFor,
  proposeDates,
  proposeNoDuplicate,
  proposePartnerCountry,
  sniffAttachment,
} from './requests-model';

/** A ZIP archive of the named entries (deflated, CRC left 0: the sniffer reads names only), as Word and others write them. */
function zip(names: string[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const data = deflateRawSync(Buffer.from(`<xml>${name}</xml>`));
    const fileName = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('attachments are known by their content', () => {
  it('PDF by its %PDF- signature, whatever the name', () => {
    expect(sniffAttachment(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'))).toBe('application/pdf');
    expect(sniffAttachment(Buffer.from(' %PDF-1.7'))).toBeUndefined();
    expect(sniffAttachment(Buffer.from('%PDF'))).toBeUndefined();
  });

  it('DOCX: a ZIP whose directory lists word/document.xml; another ZIP (XLSX) or a PNG is neither', () => {
    const docx = zip(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']);
    expect(sniffAttachment(docx)).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(sniffAttachment(zip(['[Content_Types].xml', 'xl/workbook.xml']))).toBeUndefined();
    expect(sniffAttachment(zip(['word/document.xml.bak']))).toBeUndefined();
    expect(sniffAttachment(Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'))).toBeUndefined();
    // A ZIP signature with a broken directory.
    const broken = Buffer.from(docx);
    broken.writeUInt32LE(0xffffffff, broken.length - 6);
    expect(sniffAttachment(broken)).toBeUndefined();
    expect(sniffAttachment(Buffer.alloc(0))).toBeUndefined();
  });

  it('names: the last part of a path, no control characters, the extension of the real type, at most 200 characters', () => {
    expect(attachmentName('C:\\Users\\a\\Техническое задание.pdf', 'application/pdf')).toBe('Техническое задание.pdf');
    expect(attachmentName('../../etc/passwd', 'application/pdf')).toBe('passwd.pdf');
    expect(attachmentName('report.PDF', 'application/pdf')).toBe('report.pdf');
    expect(attachmentName('plan.pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe('plan.pdf.docx');
    expect(attachmentName('a\u0000b"c\r\n.pdf', 'application/pdf')).toBe('abc.pdf');
    expect(attachmentName(undefined, 'application/pdf')).toBe('attachment.pdf');
    expect(attachmentName('x'.repeat(500), 'application/pdf')).toHaveLength(200);
    expect(attachmentDisposition('Отчёт "1".pdf')).toBe(
      `attachment; filename="_____ _1_.pdf"; filename*=UTF-8''${encodeURIComponent('Отчёт "1".pdf')}`,
    );
  });
});

describe('requests', () => {
  const complete = {
    need: 'n',
    expectedResult: 'e',
    targetGroup: 't',
    participants: 10,
    preferredFrom: '2027-03-01',
    preferredTo: '2027-03-05',
    languages: ['ru'],
  };

  it('lists what a draft still lacks before it can be submitted', () => {
    expect(missingToSubmit(complete)).toEqual([]);
    expect(
      missingToSubmit({ ...complete, need: '  ', participants: null, languages: [], preferredTo: null }).map((v) => [
        v.field,
        v.constraint,
      ]),
    ).toEqual([
      ['need', 'isNotEmpty'],
      ['participants', 'isNotEmpty'],
      ['preferredTo', 'isNotEmpty'],
      ['languages', 'arrayNotEmpty'],
    ]);
    expect(missingToSubmit({ ...complete, preferredTo: '2027-02-01' })).toEqual([{ field: 'preferredTo', constraint: 'endsBeforeStart' }]);
  });

  it('offers each side only its own moves from the current state', () => {
    expect(movesFor('draft', { requester: true, manager: false })).toEqual(['submit', 'withdraw']);
    expect(movesFor('draft', { requester: false, manager: true })).toEqual([]);
    expect(movesFor('submitted', { requester: false, manager: true })).toEqual(['screen', 'reject']);
    expect(movesFor('screening', { requester: true, manager: true })).toEqual(['withdraw', 'approve', 'reject']);
    expect(movesFor('approved', { requester: true, manager: true })).toEqual([]);
  });

  it('proposes the eligibility rules from data', () => {
    expect(proposePartnerCountry(['KZ', 'GE'], ['GE', 'UA']).met).toBe(true);
    expect(proposePartnerCountry(['KG'], ['GE', 'UA']).met).toBe(false);
    expect(proposePartnerCountry([], ['GE']).met).toBeNull();
    expect(proposeDates('2027-03-31', '2027-04-05', '2027-03-01').met).toBe(true);
    expect(proposeDates('2027-03-30', '2027-04-05', '2027-03-01').met).toBe(false);
    expect(proposeDates('2027-04-01', '2028-09-02', '2027-03-01').met).toBe(false);
    expect(proposeDates('2027-04-01', '2028-09-01', '2027-03-01').met).toBe(true);
    expect(proposeDates(null, '2027-04-05', '2027-03-01').met).toBeNull();
    expect(addMonths('2027-08-31', 18)).toBe('2029-02-28');
    const similar = [
      {
        id: 'a',
        reference: 'TAF-1',
        title: '',
        topic: 'forensics' as const,
        status: 'rejected' as const,
        institutionId: 'i',
        submittedAt: null,
      },
      {
        id: 'b',
        reference: 'TAF-2',
        title: '',
        topic: 'other' as const,
        status: 'approved' as const,
        institutionId: 'i',
        submittedAt: null,
      },
    ];
    expect(proposeNoDuplicate({ topic: 'forensics', institutionId: 'i' }, similar).met).toBe(true);
    expect(proposeNoDuplicate({ topic: 'other', institutionId: 'i' }, similar)).toMatchObject({
      met: false,
      facts: { duplicates: 'TAF-2' },
    });
    expect(proposeNoDuplicate({ topic: 'other', institutionId: 'j' }, similar).met).toBe(true);
  });
});
