import type { EmailCatalog } from './en';

export const fr: EmailCatalog = {
  common: {
    orderRef: 'Commande {{orderRef}}',
    item: 'Article',
    quantity: 'Qté',
    price: 'Prix',
    total: 'Total',
    refunded: 'Remboursé',
    viewOrder: 'Voir votre commande',
    openInAdmin: 'Ouvrir le paiement dans l’admin',
    footer: 'Storepay · Vous recevez cet e-mail au sujet de la commande {{orderRef}}.',
    staffFooter: 'Storepay · Envoyé aux administrateurs de la boutique.',
  },
  orderConfirmation: {
    subject: 'Votre commande {{orderRef}} est confirmée',
    heading: 'Merci pour votre commande',
    body: 'Nous avons bien reçu votre paiement de {{amount}} le {{date}}. Voici ce que vous avez commandé :',
    bodyAuthorized:
      'Votre carte a été autorisée pour {{amount}} le {{date}} : elle sera débitée à l’expédition de votre commande. Voici ce que vous avez commandé :',
  },
  refundIssued: {
    subject: 'Un remboursement de {{amount}} pour la commande {{orderRef}}',
    heading: 'Votre remboursement est en route',
    bodyFull: 'Nous avons remboursé votre commande en totalité : {{amount}}.',
    bodyPartial: 'Nous avons remboursé {{amount}} sur les {{total}} de votre commande.',
    timing: 'Un remboursement arrive généralement sur votre compte sous 5 à 10 jours ouvrés, selon votre banque.',
  },
  paymentFailed: {
    subject: 'Le paiement de la commande {{orderRef}} a échoué',
    heading: 'Votre paiement n’a pas abouti',
    body: 'Votre paiement de {{amount}} n’a pas pu être finalisé : votre commande n’est pas payée. Vous pouvez payer à nouveau depuis la page de votre commande.',
  },
  paymentActionRequired: {
    subject: 'Action requise pour payer la commande {{orderRef}}',
    heading: 'Votre paiement attend une action de votre part',
    body: 'Votre paiement de {{amount}} nécessite encore une étape de votre part. Continuez depuis la page de votre commande.',
  },
  orderExpired: {
    subject: 'La commande {{orderRef}} a expiré',
    heading: 'Votre commande a expiré',
    body: 'Nous n’avons pas reçu le paiement de {{amount}} à temps : la commande a été annulée et rien n’a été débité. Vous pouvez commander à nouveau à tout moment.',
  },
  disputeOpened: {
    subject: 'Litige ouvert : {{amount}} sur la commande {{orderRef}}',
    heading: 'Un client conteste un paiement',
    body: 'Le paiement de {{amount}} pour la commande {{orderRef}} est contesté. Motif indiqué : {{reason}}.',
    deadline: 'Soumettez vos preuves avant le {{deadline}}, sinon le litige est perdu.',
    noDeadline: 'Stripe n’a indiqué aucune date limite pour les preuves.',
  },
  earlyFraudWarning: {
    subject: 'Alerte précoce de fraude sur la commande {{orderRef}}',
    heading: 'L’émetteur de la carte signale une fraude possible',
    body: 'L’émetteur a signalé le paiement de {{amount}} pour la commande {{orderRef}} ({{fraudType}}). Le rembourser intégralement maintenant évite un litige et ses frais.',
  },
  refundAwaitingApproval: {
    subject: 'Un remboursement de {{amount}} attend une approbation (commande {{orderRef}})',
    heading: 'Un remboursement attend une seconde personne',
    body: 'Un remboursement de {{amount}} sur la commande {{orderRef}} a été demandé (motif : {{reason}}) et attend l’approbation d’un autre administrateur.',
  },
  signInLink: {
    subject: 'Votre lien de connexion à Storepay',
    heading: 'Connectez-vous à Storepay',
    body: 'Utilisez le bouton ci-dessous pour vous connecter. Le lien fonctionne une seule fois, dans les {{minutes}} minutes.',
    ignore:
      'Si vous n’avez pas demandé à vous connecter, ignorez cet e-mail : personne ne peut se connecter sans ce lien.',
    action: 'Se connecter',
    footer: 'Storepay · Envoyé parce que quelqu’un a demandé à se connecter avec cette adresse.',
  },
};
