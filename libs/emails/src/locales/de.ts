import type { EmailCatalog } from './en';

export const de: EmailCatalog = {
  common: {
    orderRef: 'Bestellung {{orderRef}}',
    item: 'Artikel',
    quantity: 'Menge',
    price: 'Preis',
    total: 'Gesamt',
    refunded: 'Erstattet',
    viewOrder: 'Bestellung ansehen',
    openInAdmin: 'Zahlung im Admin öffnen',
    footer: 'Storepay · Sie erhalten diese E-Mail zu Bestellung {{orderRef}}.',
    staffFooter: 'Storepay · An die Administratoren des Shops gesendet.',
  },
  orderConfirmation: {
    subject: 'Ihre Bestellung {{orderRef}} ist bestätigt',
    heading: 'Vielen Dank für Ihre Bestellung',
    body: 'Wir haben Ihre Zahlung über {{amount}} am {{date}} erhalten. Das haben Sie bestellt:',
    bodyAuthorized:
      'Ihre Karte wurde am {{date}} für {{amount}} autorisiert: Belastet wird sie, wenn Ihre Bestellung versandt wird. Das haben Sie bestellt:',
  },
  refundIssued: {
    subject: 'Erstattung von {{amount}} für Bestellung {{orderRef}}',
    heading: 'Ihre Erstattung ist unterwegs',
    bodyFull: 'Wir haben Ihre Bestellung vollständig erstattet: {{amount}}.',
    bodyPartial: 'Wir haben {{amount}} von {{total}} Ihrer Bestellung erstattet.',
    timing: 'Erstattungen erreichen Ihr Konto in der Regel innerhalb von 5 bis 10 Werktagen, je nach Bank.',
  },
  paymentFailed: {
    subject: 'Die Zahlung für Bestellung {{orderRef}} ist fehlgeschlagen',
    heading: 'Ihre Zahlung ist nicht durchgegangen',
    body: 'Ihre Zahlung über {{amount}} konnte nicht abgeschlossen werden, Ihre Bestellung ist daher nicht bezahlt. Sie können auf der Seite Ihrer Bestellung erneut bezahlen.',
  },
  paymentActionRequired: {
    subject: 'Handlung erforderlich, um Bestellung {{orderRef}} zu bezahlen',
    heading: 'Ihre Zahlung braucht Sie',
    body: 'Ihre Zahlung über {{amount}} braucht noch einen Schritt von Ihnen. Fahren Sie auf der Seite Ihrer Bestellung fort.',
  },
  orderExpired: {
    subject: 'Bestellung {{orderRef}} ist abgelaufen',
    heading: 'Ihre Bestellung ist abgelaufen',
    body: 'Die Zahlung über {{amount}} ist nicht rechtzeitig eingegangen, daher wurde die Bestellung storniert und nichts abgebucht. Sie können jederzeit neu bestellen.',
  },
  disputeOpened: {
    subject: 'Zahlungsanfechtung: {{amount}} zu Bestellung {{orderRef}}',
    heading: 'Ein Kunde hat eine Zahlung angefochten',
    body: 'Die Zahlung über {{amount}} für Bestellung {{orderRef}} wird angefochten. Angegebener Grund: {{reason}}.',
    deadline: 'Reichen Sie Nachweise bis {{deadline}} ein, sonst ist die Anfechtung verloren.',
    noDeadline: 'Stripe hat keine Frist für Nachweise genannt.',
  },
  earlyFraudWarning: {
    subject: 'Frühe Betrugswarnung zu Bestellung {{orderRef}}',
    heading: 'Der Kartenaussteller meldet möglichen Betrug',
    body: 'Der Aussteller hat die Zahlung über {{amount}} für Bestellung {{orderRef}} gemeldet ({{fraudType}}). Eine sofortige vollständige Erstattung vermeidet eine Anfechtung und ihre Gebühr.',
  },
  refundAwaitingApproval: {
    subject: 'Erstattung von {{amount}} wartet auf Freigabe (Bestellung {{orderRef}})',
    heading: 'Eine Erstattung braucht eine zweite Person',
    body: 'Eine Erstattung von {{amount}} für Bestellung {{orderRef}} wurde beantragt (Grund: {{reason}}) und wartet auf die Freigabe eines anderen Admins.',
  },
  signInLink: {
    subject: 'Ihr Anmeldelink für Storepay',
    heading: 'Bei Storepay anmelden',
    body: 'Melden Sie sich über die Schaltfläche unten an. Der Link funktioniert einmal, innerhalb von {{minutes}} Minuten.',
    ignore:
      'Wenn Sie keine Anmeldung angefordert haben, ignorieren Sie diese E-Mail: Ohne den Link kann sich niemand anmelden.',
    action: 'Anmelden',
    footer: 'Storepay · Gesendet, weil jemand eine Anmeldung mit dieser Adresse angefordert hat.',
  },
};
