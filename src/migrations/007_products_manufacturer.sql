-- 007_products_manufacturer: what a seller's product table, supplier list and receipts need.

-- 제조사 (manufacturer) is a product field of its own, apart from the supplier (공급처) the
-- product is bought from: a wholesaler sells many makers' goods. Existing products start
-- with none (the product export used to label the supplier "제조사"; what it held stays the
-- supplier). The product list filters by it.
ALTER TABLE products ADD COLUMN manufacturer TEXT NOT NULL DEFAULT ''
	CHECK (length(manufacturer) <= 100);
CREATE INDEX products_org_manufacturer ON products(org_id, manufacturer);

-- A supplier's 담당자 (contact) is the person only. Phone numbers and e-mail addresses typed
-- into it ("02-000-1111 김대리", "sales@npk.example / +86 20 0000 0000") move to phone and
-- email. contact_part() is the application's parser (src/contact.h), registered on every
-- connection. A row whose phone or email already holds something else is left as it was,
-- so nothing is lost; the supplier form then asks for the fields to be separated.
UPDATE suppliers SET
	phone = CASE WHEN phone = '' THEN contact_part(contact, 'phone') ELSE phone END,
	email = CASE WHEN email = '' THEN contact_part(contact, 'email') ELSE email END,
	contact = contact_part(contact, 'person')
WHERE (contact_part(contact, 'phone') <> '' OR contact_part(contact, 'email') <> '')
	AND (contact_part(contact, 'phone') = '' OR phone IN ('', contact_part(contact, 'phone')))
	AND (contact_part(contact, 'email') = '' OR email IN ('', contact_part(contact, 'email')));

-- An inbound of a product with expiry management (소비기한 관리) carries its expiry date, or
-- says explicitly that the date is unknown (expiry_unknown = 1, shown with a warning).
-- Older movements had no such rule and keep 0.
ALTER TABLE movements ADD COLUMN expiry_unknown INTEGER NOT NULL DEFAULT 0
	CHECK (expiry_unknown IN (0, 1))
	CHECK (expiry_unknown = 0 OR (type = 'inbound' AND expiry IS NULL));
